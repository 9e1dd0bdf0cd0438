import { checkFirst } from '../common/keyset.ts';
import type { Scope } from '../scope.ts';
import { topTracksAllTime, topTracksSince } from './download.queries.ts';

export type ChartPeriodValue = 'DAY' | 'WEEK' | 'MONTH' | 'ALL_TIME';
export type ChartRow = { rank: number; trackId: number; downloads: number };

const INTERVAL: Record<Exclude<ChartPeriodValue, 'ALL_TIME'>, string> = { DAY: '1 day', WEEK: '7 days', MONTH: '30 days' };

/** Charts change slowly and are read often: each answer is kept for a few seconds, process-wide. */
const TTL_MS = 15_000;
const cache = new Map<string, { at: number; rows: Promise<ChartRow[]> }>();

/**
 * The most downloaded tracks of a rolling period (the last day, 7 or 30 days), or of all time.
 * All time reads the counter on track (one index scan); a period counts the downloads table over
 * its time index. Ties go to the newer track. Anonymous counts of erased members still count.
 * Public: charts name tracks, never members.
 */
export class ChartService {
  constructor(private readonly scope: Scope) {}

  top(period: ChartPeriodValue, first: number): Promise<ChartRow[]> {
    checkFirst(first);
    const key = `${period}:${first}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.rows;
    const rows = this.query(period, first);
    cache.set(key, { at: Date.now(), rows });
    rows.catch(() => cache.delete(key));
    return rows;
  }

  private async query(period: ChartPeriodValue, first: number): Promise<ChartRow[]> {
    const em = this.scope.em.fork();
    const rows = period === 'ALL_TIME' ? await topTracksAllTime(em, first) : await topTracksSince(em, INTERVAL[period], first);
    return rows.map((r, i) => ({ rank: i + 1, trackId: r.track_id, downloads: r.downloads }));
  }
}

/** For tests: forget cached answers. */
export function clearChartCache(): void {
  cache.clear();
}
