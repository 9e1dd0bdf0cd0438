import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../errors/errors.ts';
import type { TrackType } from '../../schema/catalog/track.type.ts';
import {
  ChartEntryType,
  ChartPeriod,
  DownloadConnection,
  DownloadQuotaType,
  DownloadTicketType,
} from '../../schema/downloads/download.type.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { topTracks } from '../../services/downloads/charts.ts';
import { DownloadService } from '../../services/downloads/download.service.ts';
import { requireAuth } from '../auth.ts';
import { catalogLoaders } from '../catalog/catalog.loaders.ts';
import { catalogKey } from '../catalog/catalog.mapper.ts';
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
    const rows = await topTracks(ctx.em, period, first ?? 10);
    const loaders = catalogLoaders(ctx);
    await loaders.track.prime(rows.map((r) => r.trackId));
    return rows.map((r) => ({ rank: r.rank, downloads: r.downloads, track: loaders.track.get(r.trackId) as TrackType }));
  }

  @Mutation(() => DownloadTicketType)
  async requestDownload(@Arg('trackId', () => ID) trackId: string, @Ctx() ctx: Context): Promise<DownloadTicketType> {
    const auth = await requireAuth(ctx);
    const key = catalogKey(trackId, 'Track', 'trackId');
    if (key == null) throw new NotFoundError('No such track.');
    const ticket = await new DownloadService(ctx.em, ctx.app).request(auth.member, key);
    const track = (await catalogLoaders(ctx).track.get(key)) as TrackType;
    return { url: ticket.url, expiresAt: ticket.expiresAt, track };
  }
}

/** The download fields of Member; a Member is only ever resolved for the signed-in member. */
@Resolver(() => MemberType)
export class MemberDownloadsResolver {
  @FieldResolver(() => DownloadConnection)
  async downloads(
    @Root() _member: MemberType,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<DownloadConnection> {
    const { member } = await requireAuth(ctx);
    const page = await new DownloadService(ctx.em, ctx.app).history(member, { first: first ?? 20, after });
    await catalogLoaders(ctx).track.prime(page.edges.map((e) => e.node.trackId));
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDownload(e.node) })) };
  }

  @FieldResolver(() => DownloadQuotaType)
  async downloadQuota(@Ctx() ctx: Context): Promise<DownloadQuotaType> {
    const { member } = await requireAuth(ctx);
    return toQuota(await new DownloadService(ctx.em, ctx.app).quota(member));
  }
}
