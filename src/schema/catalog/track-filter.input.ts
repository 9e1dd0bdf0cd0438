import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('TrackFilter')
export class TrackFilter {
  @Field(() => String, { nullable: true, description: 'Full-text search over title, artist and release; typo-tolerant.' })
  search?: string | null;

  @Field(() => ID, { nullable: true })
  artistId?: string | null;

  @Field(() => ID, { nullable: true })
  releaseId?: string | null;

  @Field(() => String, { nullable: true, description: 'A genre slug.' })
  genre?: string | null;

  @Field(() => Int, { nullable: true })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true })
  yearTo?: number | null;
}
