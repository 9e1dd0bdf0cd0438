import type { Payload } from 'payload';
import type { Scope } from '../scope.ts';
import { unreachedCount } from './announcement.queries.ts';
import { type DeliveryReport, deliverAnnouncement } from './delivery.service.ts';

export class AnnouncementNotFoundError extends Error {
  constructor(id: string) {
    super(`announcement ${id} not found`);
  }
}

/**
 * Sends one announcement (the queue's job, and `npm run announcements:send`): marks it sending,
 * delivers it to every consenting member not reached yet, then records it sent with its count.
 * Returns whether every consenting member now has it. The scope is the system's: a job or a command.
 */
export async function sendAnnouncement(
  deps: { scope: Scope; payload: Payload },
  id: string,
  opts: { mailsPerSecond?: number; onProgress?: (report: DeliveryReport) => void } = {},
): Promise<DeliveryReport & { isComplete: boolean }> {
  const found = await deps.payload.find({ collection: 'announcements', where: { id: { equals: id } }, limit: 1, depth: 0 });
  const doc = found.docs[0] as { id: string | number; subject: string; body: unknown; status: string } | undefined;
  if (!doc) throw new AnnouncementNotFoundError(id);
  if (doc.status !== 'sending')
    await deps.payload.update({ collection: 'announcements', id: doc.id, data: { status: 'sending' } });
  const report = await deliverAnnouncement(deps.scope, { id: String(doc.id), subject: doc.subject, body: doc.body }, opts);
  const missing = await unreachedCount(deps.scope.em, String(doc.id));
  await deps.payload.update({ collection: 'announcements', id: doc.id, data: { status: 'sent', sentCount: report.sent } });
  return { ...report, isComplete: missing === 0 };
}
