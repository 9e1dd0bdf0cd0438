import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { PolicyKind } from '../../schema/policies/policy-kind.enum.ts';
import { PolicyVersionConnection, PolicyVersionType } from '../../schema/policies/policy-version.type.ts';
import { isUuid, keyOf } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { toPolicyVersion } from './policy.mapper.ts';

@Resolver()
export class PolicyResolver {
  @Query(() => PolicyVersionType, { nullable: true, description: 'The version of that kind in force now.' })
  async policy(@Arg('kind', () => PolicyKind) kind: PolicyKind, @Ctx() ctx: Context): Promise<PolicyVersionType | null> {
    const version = await ctx.scope.policies.current(kind);
    return version && toPolicyVersion(version);
  }

  @Query(() => PolicyVersionType, { nullable: true })
  async policyVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<PolicyVersionType | null> {
    const key = keyOf(id, 'PolicyVersion', 'id');
    if (!key || !isUuid(key)) return null;
    const version = await ctx.scope.policies.byId(key);
    return version && toPolicyVersion(version);
  }

  @Query(() => PolicyVersionConnection)
  async policyVersions(
    @Arg('kind', () => PolicyKind) kind: PolicyKind,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<PolicyVersionConnection> {
    const page = await ctx.scope.policies.list({ kind, first: first ?? 20, after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toPolicyVersion(e.node) })) };
  }
}
