import { Ctx, Query, Resolver } from 'type-graphql';
import { GenreType } from '../../schema/catalog/genre.type.ts';
import type { Context } from '../context.ts';
import { toGenre } from './catalog.mapper.ts';

@Resolver(() => GenreType)
export class GenreResolver {
  @Query(() => [GenreType])
  async genres(@Ctx() ctx: Context): Promise<GenreType[]> {
    return (await ctx.loaders.genres.all()).map(toGenre);
  }
}
