/**
 * The hand-over from the admin's Send button to the durable queue. The Payload endpoint may run in
 * Next's bundled copy of this module, so the server registers its queue on a process-wide symbol
 * rather than in a module variable. Plain TypeScript: Next bundles it.
 */
const KEY = Symbol.for('mixx.announcement-queue');

type Enqueue = (announcementId: string) => Promise<void>;

export function registerAnnouncementQueue(enqueue: Enqueue | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = enqueue;
}

export async function enqueueAnnouncement(announcementId: string): Promise<boolean> {
  const enqueue = (globalThis as Record<symbol, unknown>)[KEY] as Enqueue | undefined;
  if (!enqueue) return false;
  await enqueue(announcementId);
  return true;
}
