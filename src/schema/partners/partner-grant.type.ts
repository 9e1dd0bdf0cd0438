import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PartnerType } from './partner.type.ts';

@ObjectType('PartnerGrant', {
  implements: Node,
  description: 'What one member allowed one partner app. Revoking it ends every token of that grant at once.',
})
export class PartnerGrantType implements Node {
  readonly __typename = 'PartnerGrant';

  @Field(() => ID)
  id!: string;

  @Field(() => PartnerType)
  partner!: PartnerType;

  @Field(() => [String], {
    description: 'OAuth scopes, e.g. openid, profile, email, downloads:read, downloads:write, offline_access.',
  })
  scopes!: string[];

  @Field(() => Date)
  grantedAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;
}
