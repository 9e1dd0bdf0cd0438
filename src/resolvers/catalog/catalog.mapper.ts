import type { ArtistType } from '../../schema/catalog/artist.type.ts';
import type { GenreType } from '../../schema/catalog/genre.type.ts';
import type { ReleaseType } from '../../schema/catalog/release.type.ts';
import type { TrackType } from '../../schema/catalog/track.type.ts';
import type { ArtistRow, GenreRow, ReleaseRow, TrackRow } from '../../services/catalog/catalog.rows.ts';
import { keyOf, type NodeTypeName, toGlobalId } from '../../services/common/global-id.ts';

export function toGenre(row: GenreRow): GenreType {
  return { __typename: 'Genre', id: toGlobalId('Genre', row.id), name: row.name, slug: row.slug };
}

export function toArtist(row: ArtistRow): ArtistType {
  return { __typename: 'Artist', id: toGlobalId('Artist', row.id), key: row.id, name: row.name, slug: row.slug, bio: row.bio };
}

export function toRelease(row: ReleaseRow): ReleaseType {
  return {
    __typename: 'Release',
    id: toGlobalId('Release', row.id),
    key: row.id,
    artistKey: row.artistId,
    title: row.title,
    slug: row.slug,
    year: row.year,
    // Covers are kept in media storage (release.cover_key) but not served yet.
    coverUrl: null,
  };
}

export function toTrack(row: TrackRow): TrackType {
  return {
    __typename: 'Track',
    id: toGlobalId('Track', row.id),
    key: row.id,
    artistKey: row.artistId,
    releaseKey: row.releaseId,
    title: row.title,
    trackNumber: row.trackNumber,
    durationSeconds: Math.round(row.durationMs / 1000),
    bitrateKbps: row.bitrateKbps,
    sizeBytes: row.sizeBytes,
    downloadCount: row.downloadCount,
  };
}

const KEY = /^[1-9][0-9]{0,9}$/;

/**
 * The database key of a catalog id: null for a Mixx id of another type or one that cannot exist
 * (which can never match); BAD_USER_INPUT for something that is not a Mixx id at all.
 */
export function catalogKey(id: string, type: NodeTypeName, field: string): number | null {
  const key = keyOf(id, type, field);
  if (key == null || !KEY.test(key)) return null;
  const n = Number(key);
  return n <= 2_147_483_647 ? n : null;
}
