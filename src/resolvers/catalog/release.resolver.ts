import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { ReleaseConnection, ReleaseType } from '../../schema/catalog/release.type.ts';
import { ReleaseFilter } from '../../schema/catalog/release-filter.input.ts';
import { normaliseSearch } from '../../services/catalog/search.ts';
import { serialKeyOf } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { toRelease } from './catalog.mapper.ts';
import { mapPage } from './catalog-page.ts';
import { selectedBelow } from './selection.ts';

@Resolver(() => ReleaseType)
export class ReleaseResolver {
  @Query(() => ReleaseType, { nullable: true })
  async release(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ReleaseType | null> {
    const key = serialKeyOf(id, 'Release', 'id');
    return key == null ? null : ctx.loaders.release.get(key);
  }

  @Query(() => ReleaseConnection, { description: 'Best match first with a search, else newest.' })
  async releases(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => ReleaseFilter, { nullable: true }) filter: ReleaseFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReleaseConnection> {
    const loaders = ctx.loaders;
    const page = await loaders.releases.list({
      first: first ?? 20,
      after,
      filter: {
        search: normaliseSearch(filter?.search, 'filter.search'),
        // An id of another type can never match: key 0 selects nothing.
        artistId: filter?.artistId != null ? (serialKeyOf(filter.artistId, 'Artist', 'filter.artistId') ?? 0) : null,
        genre: filter?.genre?.trim().toLowerCase() ?? null,
        yearFrom: filter?.yearFrom ?? null,
        yearTo: filter?.yearTo ?? null,
      },
    });
    const connection = mapPage(page, toRelease);
    await loaders.prefetchReleases(
      connection.edges.map((e) => e.node),
      selectedBelow(info, 'edges.node'),
    );
    return connection;
  }
}
