import { ConsentEvent } from '../../entities/consent-event.entity.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type Page, toPage } from '../common/keyset.ts';
import { readIndexed } from '../ledger/builder.ts';
import type { Scope } from '../scope.ts';

/** Newest first, on (at, id): stable while entries are added. */
const NEWEST: KeysetOrder = { tag: 'ce', sortKey: 'at', sortType: 'timestamp', idType: 'uuid', descending: true };

/** The member's own consent ledger. */
export class ConsentHistoryService {
  constructor(private readonly scope: Scope) {}

  async page(opts: { first: number; after?: string | null }): Promise<Page<ConsentEvent>> {
    const { member } = await this.scope.require('account.use');
    const first = checkFirst(opts.first);
    const after = decodeKeyset<string>(NEWEST, opts.after);
    const where: Record<string, unknown> = { subject: member.pseudonym };
    if (after) {
      const at = new Date(String(after.sortKey));
      where.$or = [{ at: { $lt: at } }, { at, id: { $lt: after.id } }];
    }
    const [rows, totalCount] = await Promise.all([
      this.indexed((refresh) =>
        this.scope.em.find(ConsentEvent, where, {
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          limit: first + 1,
          populate: ['policyVersion'],
          refresh,
        }),
      ),
      this.scope.em.count(ConsentEvent, { subject: member.pseudonym }),
    ]);
    return toPage({
      rows: rows.map((node) => ({ id: node.id, sortKey: node.at, node })),
      first,
      order: NEWEST,
      hasPrevious: after != null,
      totalCount,
      map: (r) => r.node,
    });
  }

  /** One entry of the member's own ledger; null for any other id. */
  async byId(id: string): Promise<ConsentEvent | null> {
    await this.scope.require('account.use', { kind: 'consentEvent', ids: [id] });
    const [row] = await this.indexed(async (refresh) => {
      const found = await this.scope.em.findOne(ConsentEvent, { id }, { populate: ['policyVersion'], refresh });
      return found ? [found] : [];
    });
    return row ?? null;
  }

  /** The entries `read` returns, every one with its index (see readIndexed); `refresh` reads past the identity map. */
  private indexed(read: (refresh: boolean) => Promise<ConsentEvent[]>): Promise<ConsentEvent[]> {
    return readIndexed(this.scope.em, read, (row) => row.ledgerIndex);
  }
}
