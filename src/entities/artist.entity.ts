import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An artist: one per name, whatever its case (the import's key). Its sort key and search vector are
 * generated columns (unaccented), left unmapped.
 */
@Entity({ tableName: 'artist' })
export class Artist {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', unique: true })
  slug!: string;

  @Property({ type: 'text', nullable: true })
  bio?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt?: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt?: Date;
}
