import type { EntityManager } from '@mikro-orm/postgresql';
import { checkFirst } from '../common/pagination.ts';

export type ChartPeriodValue = 'DAY' | 'WEEK' | 'MONTH' | 'ALL_TIME';
export type ChartRow = { rank: number; trackId: number; downloads: number };

const INTERVAL: Record<Exclude<ChartPeriodValue, 'ALL_TIME'>, string> = { DAY: '1 day', WEEK: '7 days', MONTH: '30 days' };

/** Charts change slowly and are read often: each answer is kept for a few seconds. */
const TTL_MS = 15_000;
const cache = new Map<string, { at: number; rows: Promise<ChartRow[]> }>();

/**
 * The most downloaded tracks of a rolling period (the last day, 7 or 30 days), or of all time.
 * All time reads the counter on track (one index scan); a period counts the downloads table over
 * its time index. Ties go to the newer track. Anonymous counts of erased members still count.
 */
export function topTracks(em: EntityManager, period: ChartPeriodValue, first: number): Promise<ChartRow[]> {
  checkFirst(first);
  const key = `${period}:${first}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.rows;
  const rows = query(em, period, first);
  cache.set(key, { at: Date.now(), rows });
  rows.catch(() => cache.delete(key));
  return rows;
}

async function query(em: EntityManager, period: ChartPeriodValue, first: number): Promise<ChartRow[]> {
  const sql = em.getConnection();
  const rows: { track_id: number; downloads: number }[] =
    period === 'ALL_TIME'
      ? await sql.execute(
          `SELECT id AS track_id, download_count AS downloads FROM track WHERE download_count > 0
            ORDER BY download_count DESC, id DESC LIMIT ${first}`,
        )
      : await sql.execute(
          `SELECT track_id, count(*)::int AS downloads FROM download WHERE requested_at > now() - ?::interval
            GROUP BY track_id ORDER BY downloads DESC, track_id DESC LIMIT ${first}`,
          [INTERVAL[period]],
        );
  return rows.map((r, i) => ({ rank: i + 1, trackId: r.track_id, downloads: r.downloads }));
}

/** For tests: forget cached answers. */
export function clearChartCache(): void {
  cache.clear();
}
