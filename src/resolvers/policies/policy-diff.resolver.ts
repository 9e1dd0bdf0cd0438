import { Arg, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../errors/errors.ts';
import { PolicyDiffType } from '../../schema/policies/policy-diff.type.ts';
import { PolicyVersionType } from '../../schema/policies/policy-version.type.ts';
import { isUuid, keyOf } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { toPolicyVersion } from './policy.mapper.ts';

@Resolver(() => PolicyVersionType)
export class PolicyDiffResolver {
  @FieldResolver(() => PolicyDiffType, {
    nullable: true,
    description: 'The change from an earlier version of the same kind (default: the one before it); null for version 1.',
  })
  async diff(
    @Root() version: PolicyVersionType,
    @Arg('from', () => ID, { nullable: true }) from: string | null,
    @Ctx() ctx: Context,
  ): Promise<PolicyDiffType | null> {
    const fromKey = from == null ? null : keyOf(from, 'PolicyVersion', 'from');
    if (from != null && (!fromKey || !isUuid(fromKey))) throw new BadUserInputError('Not a policy version id.', 'from');
    const diff = await ctx.scope.policies.diff(keyOf(version.id, 'PolicyVersion', 'id') as string, fromKey);
    return diff && { ...diff, from: toPolicyVersion(diff.from), to: toPolicyVersion(diff.to) };
  }
}
