import { Field, ObjectType } from 'type-graphql';
import { MemberType } from './member.type.ts';

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`; also set as an HttpOnly cookie.' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => MemberType)
  member!: MemberType;
}
