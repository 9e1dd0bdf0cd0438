import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum EmailConsentStatus {
  NONE = 'NONE',
  PENDING = 'PENDING',
  GRANTED = 'GRANTED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(EmailConsentStatus, {
  name: 'EmailConsentStatus',
  valuesConfig: {
    NONE: { description: 'Never asked, or never answered.' },
    PENDING: { description: 'Granted, waiting for the member to confirm from the e-mail (double opt-in).' },
  },
});

@ObjectType('EmailConsent')
export class EmailConsentType {
  @Field(() => EmailConsentStatus)
  status!: EmailConsentStatus;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}
