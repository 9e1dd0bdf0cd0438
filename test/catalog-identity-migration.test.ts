import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Orm, openOrm } from '../src/database/orm.ts';
import { freshDatabase } from './support/fresh-database.ts';

/**
 * The migration that keys artists and releases on NFC, case-folded names, on a catalog where the
 * old keys (lower(name)) let an NFD and an NFC "Björk" become two artists, each with its own copy
 * of the album, and members have downloaded tracks of both.
 */
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let orm: Orm;
let db: pg.Client;

const NFC = 'Björk';
const NFD = NFC.normalize('NFD');

beforeAll(async () => {
  fresh = await freshDatabase();
  orm = await openOrm({ url: fresh.url });
  await orm.getMigrator().up({ to: 'Migration20261129140000_downloads' });
  db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await orm?.close(true);
  await fresh?.drop();
});

async function insert(sql: string, values: unknown[]): Promise<number> {
  return (await db.query(`${sql} RETURNING id`, values)).rows[0].id;
}

describe('the catalog identity migration', () => {
  it('merges the duplicates of a name into one artist and one release, keeping tracks, downloads and counts', async () => {
    const rock = await insert(`INSERT INTO genre (name, slug) VALUES ('Rock', 'rock')`, []);
    const pop = await insert(`INSERT INTO genre (name, slug) VALUES ('Pop', 'pop')`, []);
    const nfc = await insert('INSERT INTO artist (name, slug) VALUES ($1, $2)', [NFC, 'bjork']);
    const nfd = await insert('INSERT INTO artist (name, slug, bio) VALUES ($1, $2, $3)', [NFD, 'bjork-2', 'From Reykjavík.']);
    const other = await insert('INSERT INTO artist (name, slug) VALUES ($1, $2)', ['Bjork', 'bjork-3']);
    const release = (artist: number, title: string, slug: string, year: number | null, cover: string | null) =>
      insert('INSERT INTO release (artist_id, title, slug, year, cover_key) VALUES ($1, $2, $3, $4, $5)', [
        artist,
        title,
        slug,
        year,
        cover,
      ]);
    const homogenic = await release(nfc, 'Homogénic', 'homogenic', null, null);
    const vespertine = await release(nfc, 'Vespertine', 'vespertine', 2001, null);
    const homogenicNfd = await release(nfd, 'Homogénic'.normalize('NFD'), 'homogenic', 1997, 'covers/ab/cover.jpg');
    // Another title (its key differs) whose slug the NFC artist already uses.
    const shout = await release(nfd, 'VESPERTINE!', 'vespertine', null, null);
    await db.query(`INSERT INTO release_genre (release_id, genre_id) VALUES ($1, $2), ($3, $4)`, [
      homogenic,
      rock,
      homogenicNfd,
      pop,
    ]);
    const track = (artist: number, release: number | null, title: string, path: string) =>
      insert('INSERT INTO track (artist_id, release_id, title, source_path) VALUES ($1, $2, $3, $4)', [
        artist,
        release,
        title,
        path,
      ]);
    const joga = await track(nfc, homogenic, 'Jóga', 'a/joga.mp3');
    const bachelorette = await track(nfd, homogenicNfd, 'Bachelorette', 'b/bachelorette.mp3');
    const hunter = await track(nfd, null, 'Húnter'.normalize('NFD'), 'b/hunter.mp3');
    const loud = await track(nfd, shout, 'Loud', 'b/loud.mp3');
    const stranger = await track(other, null, 'Not Her', 'd/not-her.mp3');
    for (const id of [joga, bachelorette, bachelorette, hunter])
      await db.query('INSERT INTO download (track_id) VALUES ($1)', [id]);
    const downloadsBefore = (await db.query('SELECT track_id, requested_at FROM download ORDER BY track_id, requested_at')).rows;

    await orm.getMigrator().up();

    const artists = (await db.query('SELECT id, name, slug, bio, match_key FROM artist ORDER BY id')).rows;
    expect(artists).toEqual([
      { id: nfc, name: NFC, slug: 'bjork', bio: 'From Reykjavík.', match_key: 'björk' },
      { id: other, name: 'Bjork', slug: 'bjork-3', bio: null, match_key: 'bjork' },
    ]);
    const releases = (await db.query('SELECT id, artist_id, title, slug, year, cover_key, match_key FROM release ORDER BY id'))
      .rows;
    const common = { artist_id: nfc, cover_key: null };
    expect(releases).toEqual([
      {
        ...common,
        id: homogenic,
        title: 'Homogénic',
        slug: 'homogenic',
        year: 1997,
        cover_key: 'covers/ab/cover.jpg',
        match_key: 'homogénic',
      },
      { ...common, id: vespertine, title: 'Vespertine', slug: 'vespertine', year: 2001, match_key: 'vespertine' },
      { ...common, id: shout, title: 'VESPERTINE!', slug: 'vespertine-2', year: null, match_key: 'vespertine!' },
    ]);
    const genres = (await db.query('SELECT release_id, genre_id FROM release_genre ORDER BY genre_id')).rows;
    expect(genres).toEqual([
      { release_id: homogenic, genre_id: rock },
      { release_id: homogenic, genre_id: pop },
    ]);
    const tracks = (await db.query('SELECT id, artist_id, release_id, title, download_count FROM track ORDER BY id')).rows;
    expect(tracks).toEqual([
      { id: joga, artist_id: nfc, release_id: homogenic, title: 'Jóga', download_count: 1 },
      { id: bachelorette, artist_id: nfc, release_id: homogenic, title: 'Bachelorette', download_count: 2 },
      { id: hunter, artist_id: nfc, release_id: null, title: 'Húnter', download_count: 1 },
      { id: loud, artist_id: nfc, release_id: shout, title: 'Loud', download_count: 0 },
      { id: stranger, artist_id: other, release_id: null, title: 'Not Her', download_count: 0 },
    ]);
    expect((await db.query('SELECT track_id, requested_at FROM download ORDER BY track_id, requested_at')).rows).toEqual(
      downloadsBefore,
    );
    expect(tracks[2].title).toBe('Húnter'.normalize('NFC'));
    // The search vectors follow the merged names: "bjork" finds the tracks of both spellings' artist.
    const found = await db.query(`SELECT id FROM track WHERE search @@ 'bjork'::tsquery ORDER BY id`);
    expect(found.rows.map((r) => r.id)).toEqual([joga, bachelorette, hunter, loud, stranger]);
    // From now on the key holds: one artist per name in any normalization or case.
    await expect(db.query(`INSERT INTO artist (name, slug, match_key) VALUES ('björk', 'x', 'björk')`)).rejects.toThrow(
      /artist_match_key/,
    );
  });
});
