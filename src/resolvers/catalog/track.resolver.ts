import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ArtistType } from '../../schema/catalog/artist.type.ts';
import { GenreType } from '../../schema/catalog/genre.type.ts';
import { ReleaseType } from '../../schema/catalog/release.type.ts';
import { TrackConnection, TrackType } from '../../schema/catalog/track.type.ts';
import { TrackFilter } from '../../schema/catalog/track-filter.input.ts';
import { TrackOrder } from '../../schema/catalog/track-order.enum.ts';
import { normaliseSearch } from '../../services/catalog/search.ts';
import type { Context } from '../context.ts';
import { catalogLoaders } from './catalog.loaders.ts';
import { catalogKey, toTrack } from './catalog.mapper.ts';
import { mapPage } from './catalog-page.ts';

@Resolver(() => TrackType)
export class TrackResolver {
  @Query(() => TrackType, { nullable: true })
  async track(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<TrackType | null> {
    const key = catalogKey(id, 'Track', 'id');
    return key == null ? null : catalogLoaders(ctx).track.load(key);
  }

  @Query(() => TrackConnection)
  async tracks(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => TrackFilter, { nullable: true }) filter: TrackFilter | null,
    @Arg('orderBy', () => TrackOrder, { nullable: true, defaultValue: TrackOrder.RELEVANCE }) orderBy: TrackOrder,
    @Ctx() ctx: Context,
  ): Promise<TrackConnection> {
    const page = await catalogLoaders(ctx).tracks.list({
      first: first ?? 20,
      after,
      order: orderBy ?? TrackOrder.RELEVANCE,
      filter: {
        search: normaliseSearch(filter?.search, 'filter.search'),
        // An id of another type can never match: key 0 selects nothing.
        artistId: filter?.artistId != null ? (catalogKey(filter.artistId, 'Artist', 'filter.artistId') ?? 0) : null,
        releaseId: filter?.releaseId != null ? (catalogKey(filter.releaseId, 'Release', 'filter.releaseId') ?? 0) : null,
        genre: filter?.genre?.trim().toLowerCase() ?? null,
        yearFrom: filter?.yearFrom ?? null,
        yearTo: filter?.yearTo ?? null,
      },
    });
    return mapPage(page, toTrack);
  }

  @FieldResolver(() => ArtistType)
  artist(@Root('artistKey') artistKey: number, @Ctx() ctx: Context): Promise<ArtistType | null> {
    return catalogLoaders(ctx).artist.load(artistKey);
  }

  @FieldResolver(() => ReleaseType, { nullable: true })
  release(@Root('releaseKey') releaseKey: number | null, @Ctx() ctx: Context): Promise<ReleaseType | null> | null {
    return releaseKey == null ? null : catalogLoaders(ctx).release.load(releaseKey);
  }

  @FieldResolver(() => [GenreType])
  genres(@Root('key') key: number, @Ctx() ctx: Context): Promise<GenreType[]> {
    return catalogLoaders(ctx).trackGenres.load(key);
  }
}
