import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ArtistConnection, ArtistType } from '../../schema/catalog/artist.type.ts';
import { ReleaseConnection } from '../../schema/catalog/release.type.ts';
import { TrackConnection } from '../../schema/catalog/track.type.ts';
import { normaliseSearch } from '../../services/catalog/search.ts';
import { serialKeyOf } from '../../services/common/global-id.ts';
import { checkFirst } from '../../services/common/keyset.ts';
import type { Context } from '../context.ts';
import { toArtist } from './catalog.mapper.ts';
import { mapPage } from './catalog-page.ts';

@Resolver(() => ArtistType)
export class ArtistResolver {
  @Query(() => ArtistType, { nullable: true })
  async artist(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ArtistType | null> {
    const key = serialKeyOf(id, 'Artist', 'id');
    return key == null ? null : ctx.loaders.artist.get(key);
  }

  @Query(() => ArtistConnection)
  async artists(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Ctx() ctx: Context,
  ): Promise<ArtistConnection> {
    const page = await ctx.loaders.artists.list({ first: first ?? 20, after, search: normaliseSearch(search, 'search') });
    return mapPage(page, toArtist);
  }

  @FieldResolver(() => ReleaseConnection, { description: 'Latest year first.' })
  releases(
    @Root('key') key: number,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<ReleaseConnection> {
    return ctx.loaders.artistReleases(key, checkFirst(first ?? 20), after ?? null);
  }

  @FieldResolver(() => TrackConnection, { description: 'Newest first.' })
  tracks(
    @Root('key') key: number,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<TrackConnection> {
    return ctx.loaders.artistTracks(key, checkFirst(first ?? 20), after ?? null);
  }
}
