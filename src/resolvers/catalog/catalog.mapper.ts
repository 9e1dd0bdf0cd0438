import type { ArtistType } from '../../schema/catalog/artist.type.ts';
import type { GenreType } from '../../schema/catalog/genre.type.ts';
import type { ReleaseType } from '../../schema/catalog/release.type.ts';
import type { TrackType } from '../../schema/catalog/track.type.ts';
import type { ArtistRow, GenreRow, ReleaseRow, TrackPageRow } from '../../services/catalog/catalog.rows.ts';
import { coverPathOf } from '../../services/catalog/import/media-store.ts';
import { toGlobalId } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';

/*
 * The catalog's GraphQL objects. Pages hold hundreds of them, so they are small classes: scalar
 * fields are plain properties, the global id is computed when selected, and relations are methods
 * that graphql-js's default resolver calls with (args, context); they answer from the request's
 * loaders, without a promise when the value is already loaded. A track of a page may lack the
 * columns its selection does not name (TrackPageRow): those fields stay undefined, never read.
 */

class GenreNode {
  declare readonly __typename: 'Genre';
  readonly key: number;
  readonly name: string;
  readonly slug: string;

  constructor(row: GenreRow) {
    this.key = row.id;
    this.name = row.name;
    this.slug = row.slug;
  }

  get id(): string {
    return toGlobalId('Genre', this.key);
  }
}

class ArtistNode {
  declare readonly __typename: 'Artist';
  readonly key: number;
  readonly name: string;
  readonly slug: string;
  readonly bio: string | null;

  constructor(row: ArtistRow) {
    this.key = row.id;
    this.name = row.name;
    this.slug = row.slug;
    this.bio = row.bio;
  }

  get id(): string {
    return toGlobalId('Artist', this.key);
  }

  trackCount(_args: unknown, ctx: Context): number | Promise<number> {
    return ctx.loaders.artistTrackCount.get(this.key);
  }
}

class ReleaseNode {
  declare readonly __typename: 'Release';
  readonly key: number;
  readonly artistKey: number;
  readonly title: string;
  readonly slug: string;
  readonly year: number | null;
  readonly coverKey: string | null;

  constructor(row: ReleaseRow) {
    this.key = row.id;
    this.artistKey = row.artistId;
    this.title = row.title;
    this.slug = row.slug;
    this.year = row.year;
    this.coverKey = row.coverKey;
  }

  get id(): string {
    return toGlobalId('Release', this.key);
  }

  coverUrl(_args: unknown, ctx: Context): string | null {
    return this.coverKey ? `${ctx.scope.runtime.config.publicUrl}${coverPathOf(this.coverKey)}` : null;
  }

  artist(_args: unknown, ctx: Context): ArtistType | Promise<ArtistType> {
    return ctx.loaders.artist.get(this.artistKey) as ArtistType | Promise<ArtistType>;
  }

  genres(_args: unknown, ctx: Context): GenreType[] | Promise<GenreType[]> {
    return ctx.loaders.releaseGenres(this.key);
  }

  tracks(_args: unknown, ctx: Context): TrackType[] | Promise<TrackType[]> {
    return ctx.loaders.releaseTracks.get(this.key);
  }
}

class TrackNode {
  declare readonly __typename: 'Track';
  readonly key: number;
  readonly artistKey: number;
  readonly releaseKey: number | null;
  readonly title: string;
  readonly trackNumber: number | null | undefined;
  readonly durationSeconds: number | undefined;
  readonly bitrateKbps: number | null | undefined;
  readonly sizeBytes: number | undefined;
  readonly downloadCount: number | undefined;

  constructor(row: TrackPageRow) {
    this.key = row.id;
    this.artistKey = row.artistId;
    this.releaseKey = row.releaseId;
    this.title = row.title;
    this.trackNumber = row.trackNumber;
    this.durationSeconds = row.durationMs === undefined ? undefined : Math.round(row.durationMs / 1000);
    this.bitrateKbps = row.bitrateKbps;
    this.sizeBytes = row.sizeBytes;
    this.downloadCount = row.downloadCount;
  }

  get id(): string {
    return toGlobalId('Track', this.key);
  }

  artist(_args: unknown, ctx: Context): ArtistType | Promise<ArtistType> {
    return ctx.loaders.artist.get(this.artistKey) as ArtistType | Promise<ArtistType>;
  }

  release(_args: unknown, ctx: Context): ReleaseType | null | Promise<ReleaseType | null> {
    return this.releaseKey == null ? null : ctx.loaders.release.get(this.releaseKey);
  }

  genres(_args: unknown, ctx: Context): GenreType[] | Promise<GenreType[]> {
    return ctx.loaders.trackGenres(this.key);
  }
}

// The Node interface tells the types apart by __typename; one per class, not per object.
for (const [cls, name] of [
  [GenreNode, 'Genre'],
  [ArtistNode, 'Artist'],
  [ReleaseNode, 'Release'],
  [TrackNode, 'Track'],
] as const) {
  Object.defineProperty(cls.prototype, '__typename', { value: name });
}

export const toGenre = (row: GenreRow): GenreType => new GenreNode(row);
export const toArtist = (row: ArtistRow): ArtistType => new ArtistNode(row);
export const toRelease = (row: ReleaseRow): ReleaseType => new ReleaseNode(row);
export const toTrack = (row: TrackPageRow): TrackType => new TrackNode(row) as TrackType;
