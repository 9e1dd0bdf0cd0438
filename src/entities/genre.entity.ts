import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A genre, named by the tags of imported files; `slug` is what filters name. */
@Entity({ tableName: 'genre' })
export class Genre {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', unique: true })
  slug!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt?: Date;
}
