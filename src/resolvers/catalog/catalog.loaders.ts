import DataLoader from 'dataloader';
import type { ArtistType } from '../../schema/catalog/artist.type.ts';
import type { GenreType } from '../../schema/catalog/genre.type.ts';
import type { ReleaseType } from '../../schema/catalog/release.type.ts';
import type { TrackType } from '../../schema/catalog/track.type.ts';
import { ArtistService } from '../../services/catalog/artist.service.ts';
import { catalogSql, type Sql } from '../../services/catalog/catalog-db.ts';
import { GenreService, type OwnedGenreRow } from '../../services/catalog/genre.service.ts';
import { type LazyPage, toLazyPage } from '../../services/catalog/keyset.ts';
import { DISCOGRAPHY, ReleaseService } from '../../services/catalog/release.service.ts';
import { groupBy, NEWEST_TRACKS, TrackService } from '../../services/catalog/track.service.ts';
import type { Context } from '../context.ts';
import { toArtist, toGenre, toRelease, toTrack } from './catalog.mapper.ts';

/** Rows in the order of the keys asked for, null where there is none. */
function inKeyOrder<R extends { id: number }, T>(keys: readonly number[], rows: R[], map: (row: R) => T): (T | null)[] {
  const byId = new Map<number, T>();
  for (const row of rows) byId.set(row.id, map(row));
  return keys.map((key) => byId.get(key) ?? null);
}

function genresInKeyOrder(keys: readonly number[], rows: OwnedGenreRow[]): GenreType[][] {
  const groups = groupBy(rows, (r) => r.ownerId);
  return keys.map((key) => (groups.get(key) ?? []).map(toGenre));
}

/**
 * The catalog's per-request loaders: each field of a page that reaches another table is one
 * statement per page, whatever its size (tracks → their artists, releases, genres; releases →
 * their genres, tracks; artists → counts and nested pages). Created lazily, on first use, and
 * cached for the request only, so that nothing outlives a response.
 */
export class CatalogLoaders {
  readonly tracks: TrackService;
  readonly releases: ReleaseService;
  readonly artists: ArtistService;
  readonly genres: GenreService;

  constructor(sql: Sql) {
    this.tracks = new TrackService(sql);
    this.releases = new ReleaseService(sql);
    this.artists = new ArtistService(sql);
    this.genres = new GenreService(sql);
  }

  #artist?: DataLoader<number, ArtistType | null>;
  get artist(): DataLoader<number, ArtistType | null> {
    this.#artist ??= new DataLoader(async (ids) => inKeyOrder(ids, await this.artists.byIds(ids), toArtist));
    return this.#artist;
  }

  #release?: DataLoader<number, ReleaseType | null>;
  get release(): DataLoader<number, ReleaseType | null> {
    this.#release ??= new DataLoader(async (ids) => inKeyOrder(ids, await this.releases.byIds(ids), toRelease));
    return this.#release;
  }

  #track?: DataLoader<number, TrackType | null>;
  get track(): DataLoader<number, TrackType | null> {
    this.#track ??= new DataLoader(async (ids) => inKeyOrder(ids, await this.tracks.byIds(ids), toTrack));
    return this.#track;
  }

  #genre?: DataLoader<number, GenreType | null>;
  get genre(): DataLoader<number, GenreType | null> {
    this.#genre ??= new DataLoader(async (ids) => inKeyOrder(ids, await this.genres.byIds(ids), toGenre));
    return this.#genre;
  }

  #trackGenres?: DataLoader<number, GenreType[]>;
  get trackGenres(): DataLoader<number, GenreType[]> {
    this.#trackGenres ??= new DataLoader(async (ids) => genresInKeyOrder(ids, await this.genres.byTracks(ids)));
    return this.#trackGenres;
  }

  #releaseGenres?: DataLoader<number, GenreType[]>;
  get releaseGenres(): DataLoader<number, GenreType[]> {
    this.#releaseGenres ??= new DataLoader(async (ids) => genresInKeyOrder(ids, await this.genres.byReleases(ids)));
    return this.#releaseGenres;
  }

  #releaseTracks?: DataLoader<number, TrackType[]>;
  get releaseTracks(): DataLoader<number, TrackType[]> {
    this.#releaseTracks ??= new DataLoader(async (ids) => {
      const groups = groupBy(await this.tracks.byReleases(ids), (r) => r.releaseId as number);
      return ids.map((id) => (groups.get(id) ?? []).map(toTrack));
    });
    return this.#releaseTracks;
  }

  #artistTrackCount?: DataLoader<number, number>;
  get artistTrackCount(): DataLoader<number, number> {
    this.#artistTrackCount ??= new DataLoader(async (ids) => {
      const counts = await this.tracks.countsByArtists(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
    return this.#artistTrackCount;
  }

  #artistReleaseCount?: DataLoader<number, number>;
  get artistReleaseCount(): DataLoader<number, number> {
    this.#artistReleaseCount ??= new DataLoader(async (ids) => {
      const counts = await this.releases.countsByArtists(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
    return this.#artistReleaseCount;
  }

  /** Artists' track pages, batched per (first, after): the usual nested selection is one batch. */
  readonly #artistTrackPages = new Map<string, DataLoader<number, LazyPage<TrackType>>>();
  artistTracks(artistId: number, first: number, after: string | null): Promise<LazyPage<TrackType>> {
    const args = JSON.stringify([first, after]);
    let loader = this.#artistTrackPages.get(args);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const { rows, hasPrevious } = await this.tracks.pagesByArtists({ artistIds: ids, first, after });
        return ids.map((id) =>
          toLazyPage({
            rows: rows.get(id) ?? [],
            first,
            order: NEWEST_TRACKS,
            hasPrevious,
            map: toTrack,
            totalCount: () => this.artistTrackCount.load(id),
          }),
        );
      });
      this.#artistTrackPages.set(args, loader);
    }
    return loader.load(artistId);
  }

  readonly #artistReleasePages = new Map<string, DataLoader<number, LazyPage<ReleaseType>>>();
  artistReleases(artistId: number, first: number, after: string | null): Promise<LazyPage<ReleaseType>> {
    const args = JSON.stringify([first, after]);
    let loader = this.#artistReleasePages.get(args);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const { rows, hasPrevious } = await this.releases.pagesByArtists({ artistIds: ids, first, after });
        return ids.map((id) =>
          toLazyPage({
            rows: rows.get(id) ?? [],
            first,
            order: DISCOGRAPHY,
            hasPrevious,
            map: toRelease,
            totalCount: () => this.artistReleaseCount.load(id),
          }),
        );
      });
      this.#artistReleasePages.set(args, loader);
    }
    return loader.load(artistId);
  }
}

/** The request's catalog loaders, made on first use: requests that read no catalog pay nothing. */
export function catalogLoaders(ctx: Context): CatalogLoaders {
  ctx.loaders ??= new CatalogLoaders(catalogSql(ctx.em));
  return ctx.loaders;
}
