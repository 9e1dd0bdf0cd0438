import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { ArtistType } from './artist.type.ts';
import { GenreType } from './genre.type.ts';
import { ReleaseType } from './release.type.ts';
import { IsResolvable, type Resolvable } from './resolvable.ts';

/** Relations are methods of the objects (see Resolvable), served by the request's loaders. */
@ObjectType('Track', { implements: Node, simpleResolvers: true })
export class TrackType implements Node {
  readonly __typename = 'Track';

  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => Int, { nullable: true })
  trackNumber!: number | null;

  @Field(() => Int)
  durationSeconds!: number;

  @Field(() => Int, { nullable: true })
  bitrateKbps!: number | null;

  @Field(() => Int)
  sizeBytes!: number;

  @Field(() => Int)
  downloadCount!: number;

  @Field(() => ArtistType)
  @IsResolvable()
  artist!: Resolvable<ArtistType>;

  @Field(() => ReleaseType, { nullable: true })
  @IsResolvable()
  release!: Resolvable<ReleaseType | null>;

  @Field(() => [GenreType])
  @IsResolvable()
  genres!: Resolvable<GenreType[]>;

  /** Database keys, for the field resolvers; not in the schema. */
  key!: number;
  artistKey!: number;
  releaseKey!: number | null;
}

@ObjectType('TrackEdge', { simpleResolvers: true })
export class TrackEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => TrackType)
  node!: TrackType;
}

@ObjectType('TrackConnection', { simpleResolvers: true })
export class TrackConnection {
  @Field(() => [TrackEdge])
  edges!: TrackEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Counted only when selected: graphql-js's default resolver calls a function-valued field. */
  @Field(() => Int)
  @IsResolvable()
  totalCount!: () => Promise<number>;
}
