import type { TrackType } from '../../schema/catalog/track.type.ts';
import type { DownloadQuotaType, DownloadType } from '../../schema/downloads/download.type.ts';
import { Plan } from '../../schema/members/plan.enum.ts';
import { toGlobalId } from '../../services/common/global-id.ts';
import type { DownloadRow } from '../../services/downloads/download.service.ts';
import type { Quota } from '../../services/downloads/quota.ts';
import type { Context } from '../context.ts';

export function toDownload(row: DownloadRow): DownloadType {
  return {
    __typename: 'Download',
    id: toGlobalId('Download', row.id),
    requestedAt: row.requestedAt,
    track: (_args: unknown, ctx: Context) => ctx.loaders.track.get(row.trackId) as TrackType | Promise<TrackType>,
  } as DownloadType;
}

export function toQuota(q: Quota): DownloadQuotaType {
  return {
    plan: q.plan === 'premium' ? Plan.PREMIUM : Plan.FREE,
    limit: q.limit,
    used: q.used,
    remaining: q.remaining,
    resetsAt: q.resetsAt,
  };
}
