import { Field, Int, ObjectType } from 'type-graphql';
import { PolicyVersionType } from './policy-version.type.ts';

@ObjectType('PolicyDiff', {
  description: 'How a policy version differs from an earlier one, for members to read before they accept it.',
})
export class PolicyDiffType {
  @Field(() => PolicyVersionType)
  from!: PolicyVersionType;

  @Field(() => PolicyVersionType)
  to!: PolicyVersionType;

  @Field(() => String, { description: 'The new text with insertions in <ins> and deletions in <del>; safe HTML.' })
  html!: string;

  @Field(() => Int, { description: 'Number of words added and removed.' })
  added!: number;

  @Field(() => Int)
  removed!: number;
}
