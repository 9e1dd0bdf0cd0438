import { Arg, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../schema/errors/bad-user-input.error.ts';
import { PolicyDiffType } from '../../schema/policies/policy-diff.type.ts';
import { PolicyVersionType } from '../../schema/policies/policy-version.type.ts';
import { isUuid, keyOf } from '../../services/common/global-id.ts';
import { PolicyService } from '../../services/policies/policy.service.ts';
import { policyDiff } from '../../services/policies/policy-diff.ts';
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
    const to = await new PolicyService(ctx.em).byId(keyOf(version.id, 'PolicyVersion', 'id') as string);
    const diff = to && (await policyDiff(ctx.em, to, fromKey));
    return diff && { ...diff, from: toPolicyVersion(diff.from), to: toPolicyVersion(diff.to) };
  }
}
