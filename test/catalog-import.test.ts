import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeMp3, runCatalogImport, writeMp3 } from './support/catalog.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mixx-import-test-'));
const run = randomBytes(3).toString('hex');
const music = path.join(scratch, 'music');
const dataDir = path.join(scratch, 'data');
const ELECTRO = `Electro ${run}`;
const env = () => ({ DATABASE_URL: inject('databaseUrl'), MIXX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let mixx: TestMixx;
let db: pg.Client;

beforeAll(async () => {
  mixx = await startTestMixx();
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function importedTracks() {
  const res = await mixx.gql(
    `query($genre: String) { tracks(first: 100, orderBy: TITLE, filter: { genre: $genre }) { edges { node {
      id title trackNumber durationSeconds bitrateKbps sizeBytes artist { name slug } release { title year slug } genres { name slug } } } } }`,
    { genre: `electro-${run}` },
  );
  expect(res.errors).toBeUndefined();
  return res.data.tracks.edges.map((e: any) => e.node);
}

/** Every catalog row this file's imports wrote, to compare runs. */
async function snapshot() {
  const { rows } = await db.query(
    `SELECT t.id, t.title, t.updated_at, f.sha256, f.updated_at AS file_updated, r.updated_at AS release_updated, a.updated_at AS artist_updated,
            (SELECT array_agg(genre_id ORDER BY genre_id) FROM track_genre WHERE track_id = t.id) AS genres
     FROM track t JOIN audio_file f ON f.track_id = t.id JOIN artist a ON a.id = t.artist_id LEFT JOIN release r ON r.id = t.release_id
     WHERE t.source_path LIKE 'pünk/%' ORDER BY t.id`,
  );
  return rows;
}

describe('npm run catalog:import', () => {
  const files: Record<string, Buffer> = {};

  it('imports the MP3s of a folder with their tags, and lists what it skipped', async () => {
    files.one = writeMp3(path.join(music, 'pünk', 'alive', '01 robot.mp3'), {
      title: 'Robot Rock',
      artist: 'Dâft Pünk',
      album: 'Human After Alive',
      year: 2007,
      trackNumber: 1,
      genre: ELECTRO,
    });
    files.two = writeMp3(path.join(music, 'pünk', 'alive', '02 harder.mp3'), {
      title: 'Harder Better',
      artist: 'Dâft Pünk',
      album: 'Human After Alive',
      year: 2007,
      trackNumber: 2,
      genre: `${ELECTRO};House ${run}`,
    });
    mkdirSync(path.join(music, 'pünk', 'broken'), { recursive: true });
    writeFileSync(path.join(music, 'pünk', 'broken', 'noise.mp3'), 'this is not an MP3 at all '.repeat(50));
    // An ID3 header that claims more tag bytes than the file has.
    const badTag = Buffer.from(makeMp3({ title: 'Cut', artist: 'Nobody' }));
    badTag.set([0x7f, 0x7f, 0x7f, 0x7f], 6);
    writeFileSync(path.join(music, 'pünk', 'broken', 'cut.mp3'), badTag);
    writeFileSync(path.join(music, 'pünk', 'broken', 'notes.txt'), 'liner notes');
    writeFileSync(path.join(music, 'pünk', '.hidden.mp3'), 'ignored');

    const result = await runCatalogImport(music, env());
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('5 files, 2 added, 0 updated, 0 unchanged, 3 skipped');
    // Grouped by reason, each file under its reason with what is particular to it.
    expect(result.stdout).toContain('Skipped 3 files, by reason:\n');
    expect(result.stdout).toMatch(
      /\n {2}unreadable tags or audio \(an ID3v2 tag longer than the file: no audio is left\): 1 file\n {4}pünk\/broken\/cut\.mp3 \(the tag claims \d+ bytes, the file has \d+\)\n/,
    );
    expect(result.stdout).toMatch(/\n {2}not an MP3 \(no MPEG audio frames found\): 1 file\n {4}pünk\/broken\/noise\.mp3\n/);
    expect(result.stdout).toMatch(/\n {2}not an MP3 file \(\.txt\): 1 file\n {4}pünk\/broken\/notes\.txt\n/);

    const tracks = await importedTracks();
    expect(tracks).toEqual([
      {
        id: expect.any(String),
        title: 'Harder Better',
        trackNumber: 2,
        durationSeconds: 1,
        bitrateKbps: 32,
        sizeBytes: files.two.length,
        artist: { name: 'Dâft Pünk', slug: 'daft-punk' },
        release: { title: 'Human After Alive', year: 2007, slug: 'human-after-alive' },
        genres: [
          { name: ELECTRO, slug: `electro-${run}` },
          { name: `House ${run}`, slug: `house-${run}` },
        ],
      },
      {
        id: expect.any(String),
        title: 'Robot Rock',
        trackNumber: 1,
        durationSeconds: 1,
        bitrateKbps: 32,
        sizeBytes: files.one.length,
        artist: { name: 'Dâft Pünk', slug: 'daft-punk' },
        release: { title: 'Human After Alive', year: 2007, slug: 'human-after-alive' },
        genres: [{ name: ELECTRO, slug: `electro-${run}` }],
      },
    ]);
    // Stored by content: the copy's name is the sha256 of its bytes, and the bytes are the file's.
    for (const bytes of [files.one, files.two]) {
      const hash = sha256(bytes);
      const stored = path.join(dataDir, 'media', hash.slice(0, 2), `${hash}.mp3`);
      expect(sha256(readFileSync(stored))).toBe(hash);
    }
    const { rows } =
      await db.query(`SELECT sha256, storage_key, size_bytes::int AS size FROM audio_file f JOIN track t ON t.id = f.track_id
      WHERE t.source_path = 'pünk/alive/01 robot.mp3'`);
    expect(rows).toEqual([
      {
        sha256: sha256(files.one),
        storage_key: `${sha256(files.one).slice(0, 2)}/${sha256(files.one)}.mp3`,
        size: files.one.length,
      },
    ]);
  });

  it('changes nothing when run again on the same files', async () => {
    const before = await snapshot();
    expect(before).toHaveLength(2);
    const result = await runCatalogImport(music, env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('5 files, 0 added, 0 updated, 2 unchanged, 3 skipped');
    expect(await snapshot()).toEqual(before);
  });

  it('updates the track of a changed file, keeping its id', async () => {
    const [harder] = await importedTracks();
    files.two = writeMp3(path.join(music, 'pünk', 'alive', '02 harder.mp3'), {
      title: 'Harder Better Faster',
      artist: 'Dâft Pünk',
      album: 'Human After Alive',
      year: 2007,
      trackNumber: 2,
      genre: ELECTRO,
    });
    const result = await runCatalogImport(music, env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('5 files, 0 added, 1 updated, 1 unchanged, 3 skipped');
    const changed = (await importedTracks()).find((t: any) => t.id === harder.id);
    expect(changed).toMatchObject({
      title: 'Harder Better Faster',
      sizeBytes: files.two.length,
      genres: [{ name: ELECTRO, slug: `electro-${run}` }],
    });
    const hash = sha256(files.two);
    expect(existsSync(path.join(dataDir, 'media', hash.slice(0, 2), `${hash}.mp3`))).toBe(true);
    const search = await mixx.gql(`{ tracks(filter: { search: "harder faster" }) { edges { node { id } } } }`);
    expect(search.data.tracks.edges).toEqual([{ node: { id: harder.id } }]);
  });

  it('exits 1 when the folder cannot be read at all', async () => {
    const missing = await runCatalogImport(path.join(scratch, 'no-such-folder'), env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*no-such-folder/);
    const file = await runCatalogImport(path.join(music, 'pünk', 'broken', 'notes.txt'), env());
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/is not a folder/);
  });
});
