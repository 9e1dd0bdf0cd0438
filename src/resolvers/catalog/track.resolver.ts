import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { TrackConnection, TrackType } from '../../schema/catalog/track.type.ts';
import { TrackFilter } from '../../schema/catalog/track-filter.input.ts';
import { TrackOrder } from '../../schema/catalog/track-order.enum.ts';
import { normaliseSearch } from '../../services/catalog/search.ts';
import { serialKeyOf } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { toTrack } from './catalog.mapper.ts';
import { mapPage } from './catalog-page.ts';
import { selectedBelow } from './selection.ts';

@Resolver(() => TrackType)
export class TrackResolver {
  @Query(() => TrackType, { nullable: true })
  async track(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<TrackType | null> {
    const key = serialKeyOf(id, 'Track', 'id');
    return key == null ? null : ctx.loaders.track.get(key);
  }

  @Query(() => TrackConnection)
  async tracks(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => TrackFilter, { nullable: true }) filter: TrackFilter | null,
    @Arg('orderBy', () => TrackOrder, { nullable: true, defaultValue: TrackOrder.RELEVANCE }) orderBy: TrackOrder,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TrackConnection> {
    const loaders = ctx.loaders;
    const selected = selectedBelow(info, 'edges.node');
    const page = await loaders.tracks.list({
      include: {
        trackNumber: selected('trackNumber'),
        file: selected('durationSeconds') || selected('bitrateKbps') || selected('sizeBytes'),
        downloadCount: selected('downloadCount'),
        artist: selected('artist'),
        release: selected('release'),
        releaseGenres: selected('release.genres'),
        genres: selected('genres'),
      },
      first: first ?? 20,
      after,
      order: orderBy ?? TrackOrder.RELEVANCE,
      filter: {
        search: normaliseSearch(filter?.search, 'filter.search'),
        // An id of another type can never match: key 0 selects nothing.
        artistId: filter?.artistId != null ? (serialKeyOf(filter.artistId, 'Artist', 'filter.artistId') ?? 0) : null,
        releaseId: filter?.releaseId != null ? (serialKeyOf(filter.releaseId, 'Release', 'filter.releaseId') ?? 0) : null,
        genre: filter?.genre?.trim().toLowerCase() ?? null,
        yearFrom: filter?.yearFrom ?? null,
        yearTo: filter?.yearTo ?? null,
      },
    });
    await loaders.absorbTracks(page.edges.map((e) => e.node));
    const connection = mapPage(page, toTrack);
    await loaders.prefetchTracks(
      connection.edges.map((e) => e.node),
      selected,
    );
    return connection;
  }
}
