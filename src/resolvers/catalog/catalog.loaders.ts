import DataLoader from 'dataloader';
import type { ArtistType } from '../../schema/catalog/artist.type.ts';
import type { GenreType } from '../../schema/catalog/genre.type.ts';
import type { ReleaseType } from '../../schema/catalog/release.type.ts';
import type { TrackType } from '../../schema/catalog/track.type.ts';
import type { ArtistService } from '../../services/catalog/artist.service.ts';
import type { GenreRow, TrackRowWithRelations } from '../../services/catalog/catalog.rows.ts';
import type { CatalogServices } from '../../services/catalog/catalog-services.ts';
import type { GenreOwners, GenreService } from '../../services/catalog/genre.service.ts';
import type { GenreDirectory } from '../../services/catalog/genre-directory.ts';
import { DISCOGRAPHY, type ReleaseService } from '../../services/catalog/release.service.ts';
import { NEWEST_TRACKS, type TrackService } from '../../services/catalog/track.service.ts';
import { groupBy } from '../../services/common/group-by.ts';
import { type LazyPage, toLazyPage } from '../../services/common/keyset.ts';
import { toArtist, toGenre, toRelease, toTrack } from './catalog.mapper.ts';

/**
 * A DataLoader that also answers synchronously once a value is loaded: `get` returns the value
 * itself when it can (no promise, no extra tick for graphql-js), and `prime` loads many keys in one
 * batch ahead of the fields that will ask for them.
 */
export class CachedLoader<K, V> {
  readonly #values = new Map<K, V>();
  readonly #loader: DataLoader<K, V>;

  constructor(batch: (keys: readonly K[]) => Promise<V[]>) {
    this.#loader = new DataLoader(async (keys) => {
      const values = await batch(keys);
      for (let i = 0; i < keys.length; i++) this.#values.set(keys[i], values[i]);
      return values;
    });
  }

  get(key: K): V | Promise<V> {
    return this.#values.has(key) ? (this.#values.get(key) as V) : this.#loader.load(key);
  }

  load(key: K): Promise<V> {
    // DataLoader's own promise passes through Promise.resolve unchanged.
    return Promise.resolve(this.get(key));
  }

  /**
   * A value that arrived another way (a join): later `get`s and `load`s answer with it. It is not
   * primed into the DataLoader, whose `prime` makes a promise per key (a page's joins set a hundred:
   * a third of the catalog page's promises, each one traced by async hooks on Node 20).
   */
  set(key: K, value: V): void {
    if (!this.#values.has(key)) this.#values.set(key, value);
  }

  /** The value, when already loaded. */
  peek(key: K): V | undefined {
    return this.#values.get(key);
  }

  async prime(keys: Iterable<K>): Promise<void> {
    const missing = new Set<K>();
    for (const key of keys) if (!this.#values.has(key)) missing.add(key);
    if (missing.size) await this.#loader.loadMany([...missing]);
  }
}

type GenreOwner = 'track' | 'release';

/**
 * The genres of tracks and of releases: answered synchronously once loaded, like CachedLoader,
 * with one batch (one statement) for both kinds of owner.
 */
class OwnedGenresLoader {
  readonly #values: Record<GenreOwner, Map<number, GenreType[]>> = { track: new Map(), release: new Map() };
  readonly #loader: DataLoader<{ owner: GenreOwner; id: number }, GenreType[], string>;

  constructor(batch: (owners: GenreOwners) => Promise<Map<string, GenreType[]>>) {
    this.#loader = new DataLoader(
      async (keys) => {
        const lists = await batch({
          trackIds: keys.flatMap((k) => (k.owner === 'track' ? [k.id] : [])),
          releaseIds: keys.flatMap((k) => (k.owner === 'release' ? [k.id] : [])),
        });
        return keys.map((k) => {
          const genres = lists.get(ownerKey(k.owner, k.id)) ?? [];
          this.#values[k.owner].set(k.id, genres);
          return genres;
        });
      },
      { cacheKeyFn: (k) => ownerKey(k.owner, k.id) },
    );
  }

  get(owner: GenreOwner, id: number): GenreType[] | Promise<GenreType[]> {
    return this.#values[owner].get(id) ?? this.#loader.load({ owner, id });
  }

  /** Genres that arrived another way (the page's statement): later `get`s answer with them. */
  set(owner: GenreOwner, id: number, genres: GenreType[]): void {
    if (!this.#values[owner].has(id)) this.#values[owner].set(id, genres);
  }

  async prime(owner: GenreOwner, ids: Iterable<number>): Promise<void> {
    const missing = new Set<number>();
    for (const id of ids) if (!this.#values[owner].has(id)) missing.add(id);
    if (missing.size) await this.#loader.loadMany([...missing].map((id) => ({ owner, id })));
  }
}

const ownerKey = (owner: GenreOwner, id: number) => `${owner}:${id}`;

/** Rows in the order of the keys asked for, null where there is none. */
function inKeyOrder<R extends { id: number }, T>(keys: readonly number[], rows: R[], map: (row: R) => T): (T | null)[] {
  const byId = new Map<number, T>();
  for (const row of rows) byId.set(row.id, map(row));
  return keys.map((key) => byId.get(key) ?? null);
}

/**
 * The catalog's per-request loaders: each field of a page that reaches another table is one
 * statement per page, whatever its size (tracks → their artists, releases, genres; releases →
 * their genres, tracks; artists → counts and nested pages). Created on first use and kept for the
 * request only, so that nothing outlives a response.
 */
export class CatalogLoaders {
  readonly tracks: TrackService;
  readonly releases: ReleaseService;
  readonly artists: ArtistService;
  readonly genres: GenreService;
  /** One object per genre in a response, however many tracks name it. */
  readonly #genreObjects = new Map<number, GenreType>();

  private readonly directory: GenreDirectory;

  constructor(catalog: CatalogServices) {
    this.tracks = catalog.tracks;
    this.releases = catalog.releases;
    this.artists = catalog.artists;
    this.genres = catalog.genres;
    this.directory = catalog.directory;
  }

  genreObject(row: GenreRow): GenreType {
    let genre = this.#genreObjects.get(row.id);
    if (!genre) {
      genre = toGenre(row);
      this.#genreObjects.set(row.id, genre);
    }
    return genre;
  }

  /** Genre ids as the genres' objects, by name (the ids must be known to the directory). */
  #genreList(ids: readonly number[]): GenreType[] {
    return this.directory.sorted(ids).map((row) => this.genreObject(row));
  }

  #artist?: CachedLoader<number, ArtistType | null>;
  get artist(): CachedLoader<number, ArtistType | null> {
    this.#artist ??= new CachedLoader(async (ids) => inKeyOrder(ids, await this.artists.byIds(ids), toArtist));
    return this.#artist;
  }

  #release?: CachedLoader<number, ReleaseType | null>;
  get release(): CachedLoader<number, ReleaseType | null> {
    this.#release ??= new CachedLoader(async (ids) => inKeyOrder(ids, await this.releases.byIds(ids), toRelease));
    return this.#release;
  }

  #track?: CachedLoader<number, TrackType | null>;
  get track(): CachedLoader<number, TrackType | null> {
    this.#track ??= new CachedLoader(async (ids) => inKeyOrder(ids, await this.tracks.byIds(ids), toTrack));
    return this.#track;
  }

  #genre?: CachedLoader<number, GenreType | null>;
  get genre(): CachedLoader<number, GenreType | null> {
    this.#genre ??= new CachedLoader(async (ids) => {
      await this.directory.ensure(ids);
      return ids.map((id) => {
        const row = this.directory.get(id);
        return row ? this.genreObject(row) : null;
      });
    });
    return this.#genre;
  }

  #ownedGenres?: OwnedGenresLoader;
  get ownedGenres(): OwnedGenresLoader {
    this.#ownedGenres ??= new OwnedGenresLoader(async (owners) => {
      const pairs = await this.genres.idsByOwners(owners);
      await this.directory.ensure(pairs.map((pair) => pair.genreId));
      const groups = groupBy(pairs, (pair) => ownerKey(pair.owner, pair.ownerId));
      const lists = new Map<string, GenreType[]>();
      for (const [key, group] of groups) lists.set(key, this.#genreList(group.map((pair) => pair.genreId)));
      return lists;
    });
    return this.#ownedGenres;
  }

  trackGenres(trackKey: number): GenreType[] | Promise<GenreType[]> {
    return this.ownedGenres.get('track', trackKey);
  }

  releaseGenres(releaseKey: number): GenreType[] | Promise<GenreType[]> {
    return this.ownedGenres.get('release', releaseKey);
  }

  #releaseTracks?: CachedLoader<number, TrackType[]>;
  get releaseTracks(): CachedLoader<number, TrackType[]> {
    this.#releaseTracks ??= new CachedLoader(async (ids) => {
      const groups = groupBy(await this.tracks.byReleases(ids), (r) => r.releaseId as number);
      return ids.map((id) => (groups.get(id) ?? []).map(toTrack));
    });
    return this.#releaseTracks;
  }

  #artistTrackCount?: CachedLoader<number, number>;
  get artistTrackCount(): CachedLoader<number, number> {
    this.#artistTrackCount ??= new CachedLoader(async (ids) => {
      const counts = await this.tracks.countsByArtists(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
    return this.#artistTrackCount;
  }

  #artistReleaseCount?: CachedLoader<number, number>;
  get artistReleaseCount(): CachedLoader<number, number> {
    this.#artistReleaseCount ??= new CachedLoader(async (ids) => {
      const counts = await this.releases.countsByArtists(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
    return this.#artistReleaseCount;
  }

  /** Keeps the artists, releases and genres that a page query brought along with its tracks. */
  async absorbTracks(rows: readonly TrackRowWithRelations[]): Promise<void> {
    const genreIds: number[] = [];
    for (const row of rows) {
      if (row.genreIds) for (const id of row.genreIds) genreIds.push(id);
      if (row.release?.genreIds) for (const id of row.release.genreIds) genreIds.push(id);
    }
    await this.directory.ensure(genreIds);
    for (const row of rows) {
      if (row.artist) this.artist.set(row.artistId, toArtist(row.artist));
      if (row.genreIds) this.ownedGenres.set('track', row.id, this.#genreList(row.genreIds));
      if (!row.release) continue;
      this.release.set(row.release.id, toRelease(row.release));
      if (row.release.genreIds) this.ownedGenres.set('release', row.release.id, this.#genreList(row.release.genreIds));
    }
  }

  /**
   * Loads, in parallel and one statement each, the relations of these tracks that the selection
   * names (paths relative to a track) and that are not loaded yet, so that their fields then answer
   * without waiting.
   */
  async prefetchTracks(tracks: readonly TrackType[], selected: (path: string) => boolean): Promise<void> {
    if (!tracks.length) return;
    const jobs: Promise<void>[] = [];
    if (selected('artist')) jobs.push(this.artist.prime(tracks.map((t) => t.artistKey)));
    if (selected('genres'))
      jobs.push(
        this.ownedGenres.prime(
          'track',
          tracks.map((t) => t.key),
        ),
      );
    const releaseKeys = tracks.flatMap((t) => (t.releaseKey == null ? [] : [t.releaseKey]));
    if (selected('release') && releaseKeys.length) {
      if (selected('release.genres')) jobs.push(this.ownedGenres.prime('release', releaseKeys));
      jobs.push(
        this.release.prime(releaseKeys).then(() => {
          if (!selected('release.artist')) return;
          return this.artist.prime(releaseKeys.flatMap((key) => this.release.peek(key)?.artistKey ?? []));
        }),
      );
    }
    await Promise.all(jobs);
  }

  /** As prefetchTracks, for releases. */
  async prefetchReleases(releases: readonly ReleaseType[], selected: (path: string) => boolean): Promise<void> {
    if (!releases.length) return;
    const jobs: Promise<void>[] = [];
    if (selected('artist')) jobs.push(this.artist.prime(releases.map((r) => r.artistKey)));
    if (selected('genres'))
      jobs.push(
        this.ownedGenres.prime(
          'release',
          releases.map((r) => r.key),
        ),
      );
    if (selected('tracks')) jobs.push(this.releaseTracks.prime(releases.map((r) => r.key)));
    await Promise.all(jobs);
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
