import { Collection, Entity, ManyToMany, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Artist } from './artist.entity.ts';
import { Genre } from './genre.entity.ts';
import { Release } from './release.entity.ts';

/**
 * A track. `sourcePath` (the file's path relative to the imported folder) is the import's key.
 * `downloadCount` is kept by the downloads table's insert trigger and orders POPULAR. The title sort
 * key and the search columns are generated or kept by triggers, left unmapped.
 */
@Entity({ tableName: 'track' })
export class Track {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Artist, fieldName: 'artist_id', deleteRule: 'cascade' })
  artist!: Rel<Artist>;

  @ManyToOne({ entity: () => Release, fieldName: 'release_id', nullable: true, deleteRule: 'set null' })
  release?: Rel<Release> | null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'smallint', nullable: true })
  trackNumber?: number | null;

  @Property({ type: 'smallint', nullable: true })
  discNumber?: number | null;

  @Property({ type: 'smallint', nullable: true })
  year?: number | null;

  @Property({ type: 'text', nullable: true, unique: true })
  sourcePath?: string | null;

  @Property({ type: 'integer', default: 0 })
  downloadCount: number = 0;

  @ManyToMany({ entity: () => Genre, pivotTable: 'track_genre', joinColumn: 'track_id', inverseJoinColumn: 'genre_id' })
  genres = new Collection<Genre>(this);

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt?: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt?: Date;
}
