import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { synthesizeMp3 } from '../demo/synth-mp3.ts';
import type { Queryable } from '../import/catalog-writer.ts';
import { storeFile } from '../import/media-store.ts';
import { identityKey } from '../import/names.ts';
import { readAudio } from '../import/read-audio.ts';

/** The shape of TARGETS.md's benchmark catalog, per 100,000 tracks. */
export const BENCHMARK_SHAPE = { tracks: 100_000, artists: 5_000, releases: 12_000, genres: 40 } as const;

export type SyntheticShape = { tracks: number; artists: number; releases: number; genres: number };

const ADJECTIVES =
  `Crimson Silent Electric Golden Velvet Hollow Neon Wild Broken Lunar Solar Frozen Burning Secret Midnight Distant
  Savage Gentle Restless Static Cosmic Rusty Silver Paper Glass Iron Scarlet Azure Emerald Wandering Lonely Happy Northern
  Southern Eastern Western Hidden Endless Fading Rising Falling Sacred Strange Sweet Bitter Brave Tender Hungry Sleepy Quiet
  Loud Café Über Señor Crème Noël Zoë Mañana Fjörd Déjà Rosé Naïve Beyoncé Björn Søren Ångström`.split(/\s+/);
const NOUNS = `Wolves Rivers Echoes Machines Hearts Tigers Ghosts Mirrors Engines Oceans Shadows Lanterns Harbors Comets Pilots
  Gardens Poets Thieves Sailors Dancers Signals Circuits Valleys Mountains Islands Forests Deserts Cities Highways Towers
  Bridges Storms Clouds Feathers Stones Flowers Bones Crowns Swords Wheels Bells Drums Strings Voices Dreams Wishes Letters
  Photographs Satellites Planets Galaxies Metallicats Orchestra Collective Quartet Brothers Sisters Society Club Project`.split(
  /\s+/,
);
const WORDS = `love night day fire rain sun moon star heart road home light dark time dream blue red gold summer winter city river
  sky sea wind storm dance run fall rise burn shine cry smile kiss goodbye hello forever never tonight tomorrow yesterday
  electric lonely wild young old golden silver broken hidden secret sweet bitter slow fast high low deep lost found free
  mañana corazón café déjà über noël fjörd`.split(/\s+/);
const GENRES =
  `Rock Pop Jazz Blues Metal Punk Folk Country Soul Funk Disco House Techno Trance Ambient Dubstep Drum-and-Bass Reggae
  Ska Hip-Hop R&B Gospel Classical Opera Baroque Latin Salsa Tango Samba Bossa-Nova Afrobeat K-Pop J-Pop Grunge Indie Shoegaze
  Synthwave Lo-Fi Chiptune Soundtrack`.split(/\s+/);

/** Deterministic pseudo-random numbers (mulberry32), so that two runs make the same catalog. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const BATCH = 5_000;

/**
 * A large synthetic catalog for benchmarks, inserted in batches of multi-row INSERTs (unnest of
 * arrays). Every audio file row points at one shared small MP3 in media storage. A previous
 * synthetic catalog (slugs `synth-…`) is replaced; other rows are left alone.
 */
export async function createSyntheticCatalog(opts: {
  db: Queryable;
  mediaDir: string;
  shape: SyntheticShape;
  seed?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}): Promise<void> {
  const { db, shape } = opts;
  const rnd = random(opts.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const progress = opts.onProgress ?? (() => {});

  const stored = await storeSharedFile(opts.mediaDir);
  await db.query("DELETE FROM artist WHERE slug LIKE 'synth-%'");
  await db.query(
    "DELETE FROM genre g WHERE slug LIKE 'synth-%' AND NOT EXISTS (SELECT 1 FROM track_genre tg WHERE tg.genre_id = g.id)",
  );

  const genreNames = Array.from({ length: shape.genres }, (_, i) => (i < GENRES.length ? GENRES[i] : `${pick(GENRES)} ${i + 1}`));
  const genreIds = (
    await db.query(
      `INSERT INTO genre (name, slug) SELECT x.name, 'synth-' || x.i FROM unnest($1::text[]) WITH ORDINALITY AS x(name, i)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [genreNames],
    )
  ).rows.map((r) => r.id as number);
  progress('genres', shape.genres, shape.genres);

  const artistNames = Array.from({ length: shape.artists }, (_, i) => `${pick(ADJECTIVES)} ${pick(NOUNS)} ${i + 1}`);
  const artistIds = await insertBatches(db, artistNames.length, (from, to) => ({
    sql: `INSERT INTO artist (name, slug, match_key) SELECT x.name, 'synth-' || (x.i + $2::int), x.key
          FROM unnest($1::text[], $3::text[]) WITH ORDINALITY AS x(name, key, i) RETURNING id`,
    values: [artistNames.slice(from, to), from, artistNames.slice(from, to).map(identityKey)],
  }));
  progress('artists', shape.artists, shape.artists);

  const titles = new Set<string>();
  const releases = Array.from({ length: shape.releases }, (_, i) => {
    const genres = [pick(genreIds)];
    if (rnd() < 0.5) genres.push(pick(genreIds));
    const artistId = artistIds[i % artistIds.length];
    let title = `${cap(pick(WORDS))} ${cap(pick(WORDS))}`;
    // One title per artist (the import's key): a repeat gets a volume number.
    if (titles.has(`${artistId}:${identityKey(title)}`)) title = `${title} Vol. ${i + 1}`;
    titles.add(`${artistId}:${identityKey(title)}`);
    return {
      artistId,
      title,
      slug: `synth-${i + 1}`,
      year: 1960 + Math.floor(rnd() * 65),
      genres: [...new Set(genres)],
    };
  });
  const releaseIds = await insertBatches(db, releases.length, (from, to) => {
    const batch = releases.slice(from, to);
    return {
      sql: `INSERT INTO release (artist_id, title, slug, year, match_key)
            SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::smallint[], $5::text[]) RETURNING id`,
      values: [
        batch.map((r) => r.artistId),
        batch.map((r) => r.title),
        batch.map((r) => r.slug),
        batch.map((r) => r.year),
        batch.map((r) => identityKey(r.title)),
      ],
    };
  });
  await insertPairs(
    db,
    'release_genre',
    'release_id',
    releases.flatMap((r, i) => r.genres.map((g) => [releaseIds[i], g] as const)),
  );
  progress('releases', shape.releases, shape.releases);

  const numbers = new Map<number, number>();
  const tracks = Array.from({ length: shape.tracks }, (_, i) => {
    const r = i % releases.length;
    const trackNumber = (numbers.get(r) ?? 0) + 1;
    numbers.set(r, trackNumber);
    const genres = new Set(releases[r].genres);
    const extra = Math.floor(rnd() * 3);
    for (let k = 0; k < extra && genres.size < 3; k++) genres.add(pick(genreIds));
    return {
      releaseIndex: r,
      title: `${cap(pick(WORDS))} ${pick(WORDS)}${rnd() < 0.4 ? ` ${pick(WORDS)}` : ''}`,
      trackNumber,
      downloads: Math.floor(1000 / (1 + rnd() * 200)),
      genres: [...genres],
    };
  });
  const trackIds: number[] = [];
  for (let from = 0; from < tracks.length; from += BATCH) {
    const batch = tracks.slice(from, from + BATCH);
    const { rows } = await db.query(
      `INSERT INTO track (artist_id, release_id, title, track_number, year, download_count, source_path)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::smallint[], $5::smallint[], $6::int[], $7::text[]) RETURNING id`,
      [
        batch.map((t) => releases[t.releaseIndex].artistId),
        batch.map((t) => releaseIds[t.releaseIndex]),
        batch.map((t) => t.title),
        batch.map((t) => t.trackNumber),
        batch.map((t) => releases[t.releaseIndex].year),
        batch.map((t) => t.downloads),
        batch.map((_, k) => `synthetic:${from + k + 1}`),
      ],
    );
    const ids = rows.map((r) => r.id as number);
    trackIds.push(...ids);
    await db.query(
      `INSERT INTO audio_file (track_id, storage_key, sha256, size_bytes, duration_ms, bitrate_kbps)
       SELECT id, $2, $3, $4, $5, $6 FROM unnest($1::int[]) AS id`,
      [ids, stored.storageKey, stored.sha256, stored.sizeBytes, stored.durationMs, stored.bitrateKbps],
    );
    progress('tracks', Math.min(from + BATCH, tracks.length), tracks.length);
  }
  await insertPairs(
    db,
    'track_genre',
    'track_id',
    tracks.flatMap((t, i) => t.genres.map((g) => [trackIds[i], g] as const)),
  );
  progress('genres of tracks', tracks.length, tracks.length);
}

const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

async function insertBatches(
  db: Queryable,
  count: number,
  statement: (from: number, to: number) => { sql: string; values: unknown[] },
): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < count; from += BATCH) {
    const { sql, values } = statement(from, Math.min(from + BATCH, count));
    const { rows } = await db.query(sql, values);
    ids.push(...rows.map((r) => r.id as number));
  }
  return ids;
}

async function insertPairs(
  db: Queryable,
  table: string,
  ownerColumn: string,
  pairs: (readonly [number, number])[],
): Promise<void> {
  for (let from = 0; from < pairs.length; from += BATCH * 4) {
    const batch = pairs.slice(from, from + BATCH * 4);
    await db.query(
      `INSERT INTO ${table} (${ownerColumn}, genre_id) SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT DO NOTHING`,
      [batch.map((p) => p[0]), batch.map((p) => p[1])],
    );
  }
}

/** The one small MP3 every synthetic track points at. */
async function storeSharedFile(mediaDir: string) {
  const audio = synthesizeMp3({ notes: [60, 64, 67, 72], noteSeconds: 0.5, timbre: 'organ' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mixx-synth-'));
  try {
    const file = path.join(dir, 'shared.mp3');
    await writeFile(file, audio);
    const [stored, info] = await Promise.all([storeFile(mediaDir, file, '.mp3'), readAudio(file)]);
    return { ...stored, durationMs: info.durationMs, bitrateKbps: info.bitrateKbps };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
