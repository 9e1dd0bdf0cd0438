import type { EntityManager } from '@mikro-orm/postgresql';
import { diffWords } from 'diff';
import escapeHtml from 'escape-html';
import { PolicyVersion } from '../../entities/policy-version.entity.ts';
import { BadUserInputError } from '../../errors/errors.ts';

export type PolicyDiff = { from: PolicyVersion; to: PolicyVersion; html: string; added: number; removed: number };

const wordsIn = (text: string) => text.match(/[\p{L}\p{N}_]+/gu)?.length ?? 0;

/**
 * What changed between two published versions of one policy, word by word, over the immutable
 * snapshots' text (never Payload's rows, which staff can still edit). Every piece of text is escaped,
 * so markup in a policy stays text: the only tags in `html` are the diff's own <ins> and <del>.
 */
export async function policyDiff(em: EntityManager, to: PolicyVersion, fromId?: string | null): Promise<PolicyDiff | null> {
  let from: PolicyVersion | null;
  if (fromId == null) {
    if (to.version === 1) return null;
    from = await em.findOne(PolicyVersion, { kind: to.kind, version: to.version - 1 });
  } else {
    from = await em.findOne(PolicyVersion, { id: fromId });
    if (!from || from.kind !== to.kind || from.version >= to.version) {
      throw new BadUserInputError('Name an earlier version of the same policy.', 'from');
    }
  }
  if (!from) return null;
  let html = '';
  let added = 0;
  let removed = 0;
  for (const part of diffWords(from.bodyText, to.bodyText)) {
    const text = escapeHtml(part.value);
    if (part.added) {
      added += wordsIn(part.value);
      html += `<ins>${text}</ins>`;
    } else if (part.removed) {
      removed += wordsIn(part.value);
      html += `<del>${text}</del>`;
    } else {
      html += text;
    }
  }
  return { from, to, html, added, removed };
}
