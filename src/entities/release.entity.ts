import { Collection, Entity, ManyToMany, ManyToOne, PrimaryKey, Property, type Rel, Unique } from '@mikro-orm/core';
import { Artist } from './artist.entity.ts';
import { Genre } from './genre.entity.ts';

/** An album, EP or single of one artist. Its search columns are kept by a trigger, left unmapped. */
@Entity({ tableName: 'release' })
@Unique({ properties: ['artist', 'slug'] })
export class Release {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Artist, fieldName: 'artist_id', deleteRule: 'cascade' })
  artist!: Rel<Artist>;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  slug!: string;

  @Property({ type: 'smallint', nullable: true })
  year?: number | null;

  /** Media-storage key of the cover picture taken from the files' tags. */
  @Property({ type: 'text', nullable: true })
  coverKey?: string | null;

  @ManyToMany({ entity: () => Genre, pivotTable: 'release_genre', joinColumn: 'release_id', inverseJoinColumn: 'genre_id' })
  genres = new Collection<Genre>(this);

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt?: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt?: Date;
}
