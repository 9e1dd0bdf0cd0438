import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { ArtistType } from './artist.type.ts';
import { GenreType } from './genre.type.ts';
import { IsResolvable, type Resolvable } from './resolvable.ts';
import { TrackType } from './track.type.ts';

/** Relations are methods of the objects (see Resolvable), served by the request's loaders. */
@ObjectType('Release', { implements: Node, simpleResolvers: true })
export class ReleaseType implements Node {
  readonly __typename = 'Release';

  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => Int, { nullable: true })
  year!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cover picture found in its files, served by Mixx; null when none has one.',
  })
  @IsResolvable()
  coverUrl!: Resolvable<string | null>;

  @Field(() => ArtistType)
  @IsResolvable()
  artist!: Resolvable<ArtistType>;

  @Field(() => [GenreType])
  @IsResolvable()
  genres!: Resolvable<GenreType[]>;

  @Field(() => [TrackType], { description: 'In track-number order.' })
  @IsResolvable()
  tracks!: Resolvable<TrackType[]>;

  /** Database keys, for the field resolvers; not in the schema. */
  key!: number;
  artistKey!: number;
}

@ObjectType('ReleaseEdge', { simpleResolvers: true })
export class ReleaseEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ReleaseType)
  node!: ReleaseType;
}

@ObjectType('ReleaseConnection', { simpleResolvers: true })
export class ReleaseConnection {
  @Field(() => [ReleaseEdge])
  edges!: ReleaseEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Counted only when selected: graphql-js's default resolver calls a function-valued field. */
  @Field(() => Int)
  @IsResolvable()
  totalCount!: () => Promise<number>;
}
