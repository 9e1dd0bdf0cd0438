import { Field, ID, InputType, ObjectType } from 'type-graphql';

@ObjectType('CookiePreferences', {
  description: 'Cookie choices of a member or of an anonymous visitor. Necessary cookies are always on.',
})
export class CookiePreferencesType {
  @Field(() => ID, { nullable: true, description: 'Set for an anonymous visitor; the client keeps it and sends it back.' })
  visitorId!: string | null;

  @Field(() => Boolean)
  necessary!: boolean;

  @Field(() => Boolean)
  preferences!: boolean;

  @Field(() => Boolean)
  analytics!: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

@InputType('CookiePreferencesInput')
export class CookiePreferencesInput {
  @Field(() => ID, { nullable: true, description: 'For an anonymous visitor; omit for a signed-in member or a new visitor.' })
  visitorId?: string | null;

  @Field(() => Boolean)
  preferences!: boolean;

  @Field(() => Boolean)
  analytics!: boolean;
}
