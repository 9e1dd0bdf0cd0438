import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ArtistType } from '../../schema/catalog/artist.type.ts';
import { GenreType } from '../../schema/catalog/genre.type.ts';
import { ReleaseConnection, ReleaseType } from '../../schema/catalog/release.type.ts';
import { ReleaseFilter } from '../../schema/catalog/release-filter.input.ts';
import { TrackType } from '../../schema/catalog/track.type.ts';
import { normaliseSearch } from '../../services/catalog/search.ts';
import type { Context } from '../context.ts';
import { catalogLoaders } from './catalog.loaders.ts';
import { catalogKey, toRelease } from './catalog.mapper.ts';
import { mapPage } from './catalog-page.ts';

@Resolver(() => ReleaseType)
export class ReleaseResolver {
  @Query(() => ReleaseType, { nullable: true })
  async release(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ReleaseType | null> {
    const key = catalogKey(id, 'Release', 'id');
    return key == null ? null : catalogLoaders(ctx).release.load(key);
  }

  @Query(() => ReleaseConnection, { description: 'Best match first with a search, else newest.' })
  async releases(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => ReleaseFilter, { nullable: true }) filter: ReleaseFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ReleaseConnection> {
    const page = await catalogLoaders(ctx).releases.list({
      first: first ?? 20,
      after,
      filter: {
        search: normaliseSearch(filter?.search, 'filter.search'),
        // An id of another type can never match: key 0 selects nothing.
        artistId: filter?.artistId != null ? (catalogKey(filter.artistId, 'Artist', 'filter.artistId') ?? 0) : null,
        genre: filter?.genre?.trim().toLowerCase() ?? null,
        yearFrom: filter?.yearFrom ?? null,
        yearTo: filter?.yearTo ?? null,
      },
    });
    return mapPage(page, toRelease);
  }

  @FieldResolver(() => ArtistType)
  async artist(@Root('artistKey') artistKey: number, @Ctx() ctx: Context): Promise<ArtistType | null> {
    return catalogLoaders(ctx).artist.load(artistKey);
  }

  @FieldResolver(() => [GenreType])
  genres(@Root('key') key: number, @Ctx() ctx: Context): Promise<GenreType[]> {
    return catalogLoaders(ctx).releaseGenres.load(key);
  }

  @FieldResolver(() => [TrackType], { description: 'In track-number order.' })
  tracks(@Root('key') key: number, @Ctx() ctx: Context): Promise<TrackType[]> {
    return catalogLoaders(ctx).releaseTracks.load(key);
  }
}
