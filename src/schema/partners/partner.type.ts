import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';

@ObjectType('Partner', {
  implements: Node,
  description: 'A partner app, registered by staff, that acts for members who allowed it (OAuth 2.1).',
})
export class PartnerType implements Node {
  readonly __typename = 'Partner';

  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  homepageUrl!: string | null;

  @Field(() => String, { nullable: true, description: "The partner's own privacy policy, shown on the consent screen." })
  privacyPolicyUrl!: string | null;
}
