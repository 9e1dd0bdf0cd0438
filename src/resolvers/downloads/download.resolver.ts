import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { TrackType } from '../../schema/catalog/track.type.ts';
import {
  ChartEntryType,
  ChartPeriod,
  DownloadConnection,
  DownloadQuotaType,
  DownloadTicketType,
} from '../../schema/downloads/download.type.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { serialKeyOf } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { toDownload, toQuota } from './download.mapper.ts';

@Resolver()
export class DownloadResolver {
  @Query(() => [ChartEntryType])
  async topTracks(
    @Arg('period', () => ChartPeriod) period: ChartPeriod,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<ChartEntryType[]> {
    const rows = await ctx.scope.charts.top(period, first ?? 10);
    const loaders = ctx.loaders;
    await loaders.track.prime(rows.map((r) => r.trackId));
    return rows.map((r) => ({ rank: r.rank, downloads: r.downloads, track: loaders.track.get(r.trackId) as TrackType }));
  }

  @Mutation(() => DownloadTicketType)
  async requestDownload(@Arg('trackId', () => ID) trackId: string, @Ctx() ctx: Context): Promise<DownloadTicketType> {
    // An id of another type names no track: key 0 selects nothing, after the access check.
    const ticket = await ctx.scope.downloads.request(serialKeyOf(trackId, 'Track', 'trackId') ?? 0);
    const track = (await ctx.loaders.track.get(ticket.trackId)) as TrackType;
    return { url: ticket.url, expiresAt: ticket.expiresAt, track };
  }
}

/** The download fields of Member (permission downloads.read, see the access module). */
@Resolver(() => MemberType)
export class MemberDownloadsResolver {
  @FieldResolver(() => DownloadConnection)
  async downloads(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<DownloadConnection> {
    const page = await ctx.scope.downloads.history({ first: first ?? 20, after });
    await ctx.loaders.track.prime(page.edges.map((e) => e.node.trackId));
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDownload(e.node) })) };
  }

  @FieldResolver(() => DownloadQuotaType)
  async downloadQuota(@Ctx() ctx: Context): Promise<DownloadQuotaType> {
    return toQuota(await ctx.scope.downloads.quota());
  }
}
