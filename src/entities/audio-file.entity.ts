import { Entity, OneToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Track } from './track.entity.ts';

/**
 * The audio of a track in media storage, content-addressed: `storageKey` is derived from `sha256`,
 * so tracks with the same bytes share one stored file. `sourceSize` and `sourceMtimeMs` let a
 * re-import skip files that did not change without hashing them again.
 */
@Entity({ tableName: 'audio_file' })
export class AudioFile {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @OneToOne({ entity: () => Track, owner: true, fieldName: 'track_id', unique: true, deleteRule: 'cascade' })
  track!: Rel<Track>;

  @Property({ type: 'text' })
  storageKey!: string;

  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'bigint' })
  sizeBytes!: string;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'integer', nullable: true })
  bitrateKbps?: number | null;

  @Property({ type: 'text', default: 'audio/mpeg' })
  contentType: string = 'audio/mpeg';

  @Property({ type: 'bigint', nullable: true })
  sourceSize?: string | null;

  @Property({ type: 'bigint', nullable: true })
  sourceMtimeMs?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt?: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt?: Date;
}
