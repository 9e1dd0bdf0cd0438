import type { EntityManager } from '@mikro-orm/postgresql';
import { type PolicyKindValue, PolicyVersion } from '../../entities/policy-version.entity.ts';
import { checkFirst, decodeCursor, type Page, toPage } from '../common/pagination.ts';

/** Reads of the published, immutable policy versions. Nothing here writes: publishing is Payload's. */
export class PolicyService {
  constructor(private readonly em: EntityManager) {}

  /** The version in force: of the versions whose effectiveAt has passed, the highest number. */
  async current(kind: PolicyKindValue, now = new Date()): Promise<PolicyVersion | null> {
    return this.em.findOne(PolicyVersion, { kind, effectiveAt: { $lte: now } }, { orderBy: { version: 'desc' } });
  }

  async byId(id: string): Promise<PolicyVersion | null> {
    return this.em.findOne(PolicyVersion, { id });
  }

  async byIds(ids: readonly string[]): Promise<PolicyVersion[]> {
    return ids.length ? this.em.find(PolicyVersion, { id: { $in: [...ids] } }) : [];
  }

  /** Every published version of a kind, the scheduled ones included, newest first. */
  async list(opts: { kind: PolicyKindValue; first: number; after?: string | null }): Promise<Page<PolicyVersion>> {
    const first = checkFirst(opts.first);
    const cursor = decodeCursor(opts.after);
    const before = cursor ? Number(cursor[0]) : null;
    const where = before != null && Number.isFinite(before) ? { kind: opts.kind, version: { $lt: before } } : { kind: opts.kind };
    const [rows, totalCount] = await Promise.all([
      this.em.find(PolicyVersion, where, { orderBy: { version: 'desc' }, limit: first + 1 }),
      this.em.count(PolicyVersion, { kind: opts.kind }),
    ]);
    return toPage({ rows, first, totalCount, hasPrevious: cursor != null, cursorOf: (v) => [v.version] });
  }
}
