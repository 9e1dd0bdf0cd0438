import type { EntityManager } from '@mikro-orm/postgresql';
import { ConsentEvent } from '../../entities/consent-event.entity.ts';
import type { Member } from '../../entities/member.entity.ts';
import { checkFirst, decodeCursor, type Page, toPage } from '../common/pagination.ts';

/** The member's ledger, newest first, with cursors on (at, id): stable while entries are added. */
export async function consentHistory(
  em: EntityManager,
  member: Member,
  opts: { first: number; after?: string | null },
): Promise<Page<ConsentEvent>> {
  const first = checkFirst(opts.first);
  const cursor = decodeCursor(opts.after);
  const where: Record<string, unknown> = { subject: member.pseudonym };
  if (cursor) {
    const [at, id] = cursor as [string, string];
    where.$or = [{ at: { $lt: new Date(at) } }, { at: new Date(at), id: { $lt: id } }];
  }
  const [rows, totalCount] = await Promise.all([
    em.find(ConsentEvent, where, { orderBy: [{ at: 'desc' }, { id: 'desc' }], limit: first + 1, populate: ['policyVersion'] }),
    em.count(ConsentEvent, { subject: member.pseudonym }),
  ]);
  return toPage({ rows, first, totalCount, hasPrevious: cursor != null, cursorOf: (e) => [e.at.toISOString(), e.id] });
}
