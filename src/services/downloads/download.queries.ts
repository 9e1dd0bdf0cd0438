import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The downloads area's SQL, one function per statement, every value a parameter. Each takes the
 * EntityManager it runs on, so that the ones a transaction needs run inside it.
 */
const run = <T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext());

export type DownloadRow = { id: string; trackId: number; requestedAt: Date };
type RawDownload = { id: string; track_id: number; requested_at: Date };
const toRow = (r: RawDownload): DownloadRow => ({ id: r.id, trackId: r.track_id, requestedAt: new Date(r.requested_at) });

export async function trackHasFile(em: EntityManager, trackId: number): Promise<boolean> {
  return (await run(em, 'SELECT 1 FROM track t JOIN audio_file f ON f.track_id = t.id WHERE t.id = ?', [trackId])).length > 0;
}

/** The member's plan, with the member's row locked until the transaction ends (the quota's lock). */
export async function lockPlan(em: EntityManager, memberId: string): Promise<'free' | 'premium' | undefined> {
  return (await run<{ plan: 'free' | 'premium' }>(em, 'SELECT plan FROM member WHERE id = ? FOR NO KEY UPDATE', [memberId]))[0]
    ?.plan;
}

export async function countSince(em: EntityManager, memberId: string, since: Date): Promise<number> {
  const rows = await run<{ n: number }>(em, 'SELECT count(*)::int AS n FROM download WHERE member_id = ? AND requested_at >= ?', [
    memberId,
    since,
  ]);
  return rows[0]?.n ?? 0;
}

export async function insertDownload(em: EntityManager, memberId: string, trackId: number): Promise<string> {
  const rows = await run<{ id: string }>(em, 'INSERT INTO download (member_id, track_id) VALUES (?, ?) RETURNING id', [
    memberId,
    trackId,
  ]);
  return (rows[0] as { id: string }).id;
}

/** `limit` rows of the member's downloads, newest first, after the keyset `(requestedAt, id)` when given. */
export async function downloadsPage(
  em: EntityManager,
  opts: { memberId: string; after: { requestedAt: string; id: string } | null; limit: number },
): Promise<DownloadRow[]> {
  const rows = opts.after
    ? await run<RawDownload>(
        em,
        `SELECT id, track_id, requested_at FROM download WHERE member_id = ? AND (requested_at, id) < (?::timestamptz, ?::uuid)
          ORDER BY requested_at DESC, id DESC LIMIT ?`,
        [opts.memberId, opts.after.requestedAt, opts.after.id, opts.limit],
      )
    : await run<RawDownload>(
        em,
        'SELECT id, track_id, requested_at FROM download WHERE member_id = ? ORDER BY requested_at DESC, id DESC LIMIT ?',
        [opts.memberId, opts.limit],
      );
  return rows.map(toRow);
}

export async function countDownloads(em: EntityManager, memberId: string): Promise<number> {
  return (await run<{ n: number }>(em, 'SELECT count(*)::int AS n FROM download WHERE member_id = ?', [memberId]))[0]?.n ?? 0;
}

export async function downloadsByIds(em: EntityManager, ids: readonly string[]): Promise<DownloadRow[]> {
  const rows = await run<RawDownload>(em, 'SELECT id, track_id, requested_at FROM download WHERE id = ANY(?::uuid[])', [
    `{${ids.join(',')}}`,
  ]);
  return rows.map(toRow);
}

export type TicketFile = { memberId: string | null; trackId: number; storageKey: string; title: string; artist: string };

/** What a ticket's download row names: its member, track and stored file. */
export async function ticketFile(em: EntityManager, downloadId: string): Promise<TicketFile | undefined> {
  const rows = await run<{ member_id: string | null; track_id: number; storage_key: string; title: string; artist: string }>(
    em,
    `SELECT d.member_id, d.track_id, f.storage_key, t.title, a.name AS artist
       FROM download d JOIN track t ON t.id = d.track_id JOIN artist a ON a.id = t.artist_id
       JOIN audio_file f ON f.track_id = t.id
      WHERE d.id = ?`,
    [downloadId],
  );
  const r = rows[0];
  return r && { memberId: r.member_id, trackId: r.track_id, storageKey: r.storage_key, title: r.title, artist: r.artist };
}

/** The most downloaded tracks of all time, from the counter on track. */
export function topTracksAllTime(em: EntityManager, limit: number) {
  return run<{ track_id: number; downloads: number }>(
    em,
    `SELECT id AS track_id, download_count AS downloads FROM track WHERE download_count > 0
      ORDER BY download_count DESC, id DESC LIMIT ?`,
    [limit],
  );
}

/** The most downloaded tracks of the last `interval` (a PostgreSQL interval: '7 days'). */
export function topTracksSince(em: EntityManager, interval: string, limit: number) {
  return run<{ track_id: number; downloads: number }>(
    em,
    `SELECT track_id, count(*)::int AS downloads FROM download WHERE requested_at > now() - ?::interval
      GROUP BY track_id ORDER BY downloads DESC, track_id DESC LIMIT ?`,
    [interval, limit],
  );
}
