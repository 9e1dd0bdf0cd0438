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

  @Field(() => String, {
    description:
      'A random id of this client, also set as the HttpOnly cookie mixx_device. Send it back as `login(deviceId:)` (and `requestPasswordReset(deviceId:)`): a device that signed in before is not slowed by limits a stranger filled.',
  })
  deviceId!: string;
}
