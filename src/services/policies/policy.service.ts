import { type PolicyKindValue, PolicyVersion } from '../../entities/policy-version.entity.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type Page, toPage } from '../common/keyset.ts';
import type { Scope } from '../scope.ts';

/** Newest first; a version's number orders it and identifies it within its kind. */
const BY_VERSION: KeysetOrder = { tag: 'pv', sortKey: null, sortType: 'int', idType: 'int', descending: true };

/**
 * Reads of the published, immutable policy versions, which are public. Nothing here writes:
 * publishing is Payload's.
 */
export class PolicyService {
  constructor(private readonly scope: Scope) {}

  /** The version in force: of the versions whose effectiveAt has passed, the highest number. */
  async current(kind: PolicyKindValue, now = new Date()): Promise<PolicyVersion | null> {
    return this.scope.em.findOne(PolicyVersion, { kind, effectiveAt: { $lte: now } }, { orderBy: { version: 'desc' } });
  }

  async byId(id: string): Promise<PolicyVersion | null> {
    return this.scope.em.findOne(PolicyVersion, { id });
  }

  async byIds(ids: readonly string[]): Promise<PolicyVersion[]> {
    return ids.length ? this.scope.em.find(PolicyVersion, { id: { $in: [...ids] } }) : [];
  }

  /** Every published version of a kind, the scheduled ones included, newest first. */
  async list(opts: { kind: PolicyKindValue; first: number; after?: string | null }): Promise<Page<PolicyVersion>> {
    const first = checkFirst(opts.first);
    const after = decodeKeyset(BY_VERSION, opts.after);
    const where = after ? { kind: opts.kind, version: { $lt: after.id } } : { kind: opts.kind };
    const [rows, totalCount] = await Promise.all([
      this.scope.em.find(PolicyVersion, where, { orderBy: { version: 'desc' }, limit: first + 1 }),
      this.scope.em.count(PolicyVersion, { kind: opts.kind }),
    ]);
    return toPage({
      rows: rows.map((node) => ({ id: node.version, node })),
      first,
      order: BY_VERSION,
      hasPrevious: after != null,
      totalCount,
      map: (r) => r.node,
    });
  }
}
