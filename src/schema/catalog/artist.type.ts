import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { IsResolvable, type Resolvable } from './resolvable.ts';

/** `trackCount` is a method of the objects (see Resolvable); `releases` and `tracks` take arguments and are ArtistResolver's. */
@ObjectType('Artist', { implements: Node, simpleResolvers: true })
export class ArtistType implements Node {
  readonly __typename = 'Artist';

  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String, { nullable: true })
  bio!: string | null;

  @Field(() => Int)
  @IsResolvable()
  trackCount!: Resolvable<number>;

  /** The database key, for the field resolvers; not in the schema. */
  key!: number;
}

@ObjectType('ArtistEdge', { simpleResolvers: true })
export class ArtistEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ArtistType)
  node!: ArtistType;
}

@ObjectType('ArtistConnection', { simpleResolvers: true })
export class ArtistConnection {
  @Field(() => [ArtistEdge])
  edges!: ArtistEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Counted only when selected: graphql-js's default resolver calls a function-valued field. */
  @Field(() => Int)
  @IsResolvable()
  totalCount!: () => Promise<number>;
}
