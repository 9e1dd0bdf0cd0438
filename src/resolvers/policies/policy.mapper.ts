import type { PolicyVersion } from '../../entities/policy-version.entity.ts';
import { PolicyKind } from '../../schema/policies/policy-kind.enum.ts';
import type { PolicyVersionType } from '../../schema/policies/policy-version.type.ts';
import { toGlobalId } from '../../services/common/global-id.ts';

export function toPolicyVersion(v: PolicyVersion): PolicyVersionType {
  return {
    __typename: 'PolicyVersion',
    id: toGlobalId('PolicyVersion', v.id),
    kind: v.kind === 'terms' ? PolicyKind.TERMS : PolicyKind.PRIVACY,
    version: v.version,
    title: v.title,
    bodyHtml: v.bodyHtml,
    bodyText: v.bodyText,
    contentHash: v.contentHash,
    changeSummary: v.changeSummary ?? null,
    requiresReacceptance: v.requiresReacceptance,
    effectiveAt: v.effectiveAt,
    publishedAt: v.publishedAt,
  };
}
