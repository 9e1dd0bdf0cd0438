import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('ReleaseFilter')
export class ReleaseFilter {
  @Field(() => String, { nullable: true, description: 'Full-text search over title and artist; typo-tolerant.' })
  search?: string | null;

  @Field(() => ID, { nullable: true })
  artistId?: string | null;

  @Field(() => String, { nullable: true, description: 'A genre slug.' })
  genre?: string | null;

  @Field(() => Int, { nullable: true })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true })
  yearTo?: number | null;
}
