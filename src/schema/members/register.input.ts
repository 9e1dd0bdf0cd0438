import { Field, ID, InputType } from 'type-graphql';

@InputType('RegisterInput')
export class RegisterInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [ID], { description: 'Must name the current TERMS and PRIVACY versions.' })
  acceptedPolicyVersionIds!: string[];

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  emailConsent?: boolean | null;
}
