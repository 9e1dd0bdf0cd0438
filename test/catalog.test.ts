import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { createSyntheticCatalog } from '../src/services/catalog/synth/synthetic-catalog.ts';
import { countStatements, writeMp3 } from './support/catalog.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

let mixx: TestMixx;
let db: pg.Client;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'mixx-catalog-test-'));
// Genres unique to this file: the run's database is shared with other test files.
const run = randomBytes(3).toString('hex');
const THRASH = `Thrash ${run}`;
const POP = `Art Pop ${run}`;
const POST_ROCK = `Post Rock ${run}`;
const slug = (name: string) => name.toLowerCase().replace(/ /g, '-');

const TRACK_FIELDS =
  'id title trackNumber durationSeconds bitrateKbps sizeBytes downloadCount artist { name } release { title } genres { slug }';

/** Every page of a connection, following endCursor. */
async function allPages(query: string, variables: Record<string, unknown>, pick: (data: any) => any) {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res = await mixx.gql(query, { ...variables, after });
    expect(res.errors).toBeUndefined();
    const connection = pick(res.data);
    nodes.push(...connection.edges.map((e: any) => e.node));
    if (!connection.pageInfo.hasNextPage) return nodes;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

async function tracks(args: string, fields = 'title') {
  const res = await mixx.gql(
    `{ tracks(${args}) { totalCount edges { cursor node { ${fields} } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
  );
  expect(res.errors).toBeUndefined();
  return res.data.tracks;
}

const titles = (connection: any) => connection.edges.map((e: any) => e.node.title);

let ids: { metallica: string; beyonce: string; sigur: string; orionQuartet: string; lemonade: string; puppets: string };

beforeAll(async () => {
  mixx = await startTestMixx();
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
  const folder = path.join(scratch, run);
  const put = (file: string, tags: Parameters<typeof writeMp3>[1]) => writeMp3(path.join(folder, file), tags);
  put('metallica/puppets/01.mp3', {
    title: 'Battery',
    artist: 'Metallica',
    album: 'Master of Puppets',
    year: 1986,
    trackNumber: 1,
    genre: THRASH,
  });
  put('metallica/puppets/02.mp3', {
    title: 'Master of Puppets',
    artist: 'Metallica',
    album: 'Master of Puppets',
    year: 1986,
    trackNumber: 2,
    genre: THRASH,
  });
  put('metallica/puppets/03.mp3', {
    title: 'Orion',
    artist: 'Metallica',
    album: 'Master of Puppets',
    year: 1986,
    trackNumber: 3,
    genre: THRASH,
  });
  put('beyonce/lemonade/01.mp3', {
    title: 'Formation',
    artist: 'Beyoncé',
    album: 'Lemonade',
    year: 2016,
    trackNumber: 1,
    genre: POP,
  });
  put('beyonce/lemonade/02.mp3', {
    title: 'Sorry',
    artist: 'Beyoncé',
    album: 'Lemonade',
    year: 2016,
    trackNumber: 2,
    genre: POP,
  });
  put('sigur-ros/takk/01.mp3', {
    title: 'Hoppípolla',
    artist: 'Sigur Rós',
    album: 'Takk',
    year: 2005,
    trackNumber: 1,
    genre: POST_ROCK,
  });
  put('sigur-ros/takk/02.mp3', {
    title: 'Glósóli',
    artist: 'Sigur Rós',
    album: 'Takk',
    year: 2005,
    trackNumber: 2,
    genre: `${POST_ROCK};${POP}`,
  });
  put('singles/nebula.mp3', { title: 'Nebula Dreams', artist: 'Orion Quartet', year: 2020, genre: POP });
  const summary = await importFolder({ folder: scratch, mediaDir: path.join(scratch, 'media'), db });
  expect(summary).toMatchObject({ added: 8, skipped: [] });

  const artists = await mixx.gql(`{ artists(first: 100) { edges { node { id name } } } }`);
  const artistId = (name: string) => artists.data.artists.edges.find((e: any) => e.node.name === name).node.id;
  const releases = await mixx.gql(`{ releases(first: 100) { edges { node { id title } } } }`);
  const releaseId = (title: string) => releases.data.releases.edges.find((e: any) => e.node.title === title).node.id;
  ids = {
    metallica: artistId('Metallica'),
    beyonce: artistId('Beyoncé'),
    sigur: artistId('Sigur Rós'),
    orionQuartet: artistId('Orion Quartet'),
    lemonade: releaseId('Lemonade'),
    puppets: releaseId('Master of Puppets'),
  };
});

afterAll(async () => {
  await db?.end();
  await mixx?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the catalog over GraphQL', () => {
  it('serves a track with the fields read from its file', async () => {
    const page = await tracks(`first: 1, filter: { artistId: "${ids.beyonce}", search: "formation" }`, TRACK_FIELDS);
    expect(page.edges[0].node).toEqual({
      id: expect.any(String),
      title: 'Formation',
      trackNumber: 1,
      durationSeconds: 1,
      bitrateKbps: 32,
      sizeBytes: expect.any(Number),
      downloadCount: 0,
      artist: { name: 'Beyoncé' },
      release: { title: 'Lemonade' },
      genres: [{ slug: slug(POP) }],
    });
    expect(page.edges[0].node.sizeBytes).toBeGreaterThan(3000);
  });

  it('serves artists, releases and genres with their relations, and node(id) for each', async () => {
    const res = await mixx.gql(
      `query($id: ID!) { artist(id: $id) { id name slug bio trackCount
          releases { totalCount edges { node { title year slug coverUrl artist { name } genres { slug } tracks { title trackNumber } } } }
          tracks(first: 2) { totalCount edges { node { title } } pageInfo { hasNextPage } } } }`,
      { id: ids.metallica },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.artist).toEqual({
      id: ids.metallica,
      name: 'Metallica',
      slug: 'metallica',
      bio: null,
      trackCount: 3,
      releases: {
        totalCount: 1,
        edges: [
          {
            node: {
              title: 'Master of Puppets',
              year: 1986,
              slug: 'master-of-puppets',
              coverUrl: null,
              artist: { name: 'Metallica' },
              genres: [{ slug: slug(THRASH) }],
              tracks: [
                { title: 'Battery', trackNumber: 1 },
                { title: 'Master of Puppets', trackNumber: 2 },
                { title: 'Orion', trackNumber: 3 },
              ],
            },
          },
        ],
      },
      tracks: {
        totalCount: 3,
        edges: [{ node: { title: 'Orion' } }, { node: { title: 'Master of Puppets' } }],
        pageInfo: { hasNextPage: true },
      },
    });

    const release = await mixx.gql(`query($id: ID!) { release(id: $id) { title genres { name } } }`, { id: ids.lemonade });
    expect(release.data.release).toEqual({ title: 'Lemonade', genres: [{ name: POP }] });
    const takk = await mixx.gql(`{ releases(filter: { search: "takk" }) { edges { node { title genres { name } } } } }`);
    expect(takk.data.releases.edges[0].node).toEqual({ title: 'Takk', genres: [{ name: POP }, { name: POST_ROCK }] });

    const genres = await mixx.gql('{ genres { id name slug } }');
    const thrash = genres.data.genres.find((g: any) => g.name === THRASH);
    expect(thrash).toEqual({ id: expect.any(String), name: THRASH, slug: slug(THRASH) });

    const track = (await tracks(`first: 1, filter: { search: "hoppipolla" }`, 'id')).edges[0].node.id;
    for (const [id, typename] of [
      [thrash.id, 'Genre'],
      [ids.metallica, 'Artist'],
      [ids.lemonade, 'Release'],
      [track, 'Track'],
    ]) {
      const node = await mixx.gql(`query($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect(node.data.node).toEqual({ __typename: typename, id });
    }
    const single = await mixx.gql(
      `{ tracks(filter: { search: "nebula dreams" }) { edges { node { title release { title } } } } }`,
    );
    expect(single.data.tracks.edges[0].node).toEqual({ title: 'Nebula Dreams', release: null });
  });

  it('answers null for unknown ids and ids of another type, BAD_USER_INPUT for what is not an id', async () => {
    const unknown = Buffer.from('Track:2147483000').toString('base64url');
    const res = await mixx.gql(
      `query($id: ID!, $other: ID!) { track(id: $id) { id } artist(id: $other) { id } node(id: $id) { id } }`,
      {
        id: unknown,
        other: ids.lemonade,
      },
    );
    expect(res.data).toEqual({ track: null, artist: null, node: null });
    const bad = await mixx.gql(`{ release(id: "not an id!") { id } }`);
    expect(bad.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    const badFilter = await mixx.gql(`{ tracks(filter: { artistId: "nope!" }) { totalCount } }`);
    expect(badFilter.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.artistId' });
    const otherType = await tracks(`filter: { artistId: "${ids.lemonade}" }`);
    expect(otherType.totalCount).toBe(0);
  });

  it('refuses a page of more than 100 and a cursor that is not its own', async () => {
    for (const query of [
      '{ tracks(first: 101) { totalCount } }',
      '{ releases(first: 101) { totalCount } }',
      '{ artists(first: 101) { totalCount } }',
      `{ artist(id: "${ids.metallica}") { tracks(first: 101) { totalCount } } }`,
    ]) {
      const res = await mixx.gql(query);
      expect(res.errors?.[0]?.extensions, query).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    const byTitle = await tracks('first: 1, orderBy: TITLE');
    const wrong = await mixx.gql(`{ tracks(first: 1, orderBy: NEWEST, after: "${byTitle.pageInfo.endCursor}") { totalCount } }`);
    expect(wrong.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const garbage = await mixx.gql(`{ tracks(after: "garbage") { totalCount } }`);
    expect(garbage.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('search', () => {
  it('finds through typos and without accents', async () => {
    expect(titles(await tracks(`filter: { search: "metalica" }, orderBy: TITLE`))).toEqual([
      'Battery',
      'Master of Puppets',
      'Orion',
    ]);
    expect(titles(await tracks(`filter: { search: "beyonce" }, orderBy: TITLE`))).toEqual(['Formation', 'Sorry']);
    expect(titles(await tracks(`filter: { search: "beyonse sory" }`))).toEqual(['Sorry']);
    expect(titles(await tracks(`filter: { search: "HOPPIPOLLA" }`))).toEqual(['Hoppípolla']);
    expect(titles(await tracks(`filter: { search: "glosoli takk" }`))).toEqual(['Glósóli']);
    const artists = await mixx.gql(`{ artists(search: "sigur ros") { totalCount edges { node { name } } } }`);
    expect(artists.data.artists).toEqual({ totalCount: 1, edges: [{ node: { name: 'Sigur Rós' } }] });
    const typo = await mixx.gql(`{ artists(search: "beyonc") { edges { node { name } } } }`);
    expect(typo.data.artists.edges.map((e: any) => e.node.name)).toContain('Beyoncé');
    const none = await tracks(`filter: { search: "zzqqxx" }`);
    expect(none).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('orders by match quality: a title match before an artist match before a release match', async () => {
    const orion = await tracks(`filter: { search: "orion" }`, 'title artist { name }');
    expect(orion.edges.map((e: any) => e.node)).toEqual([
      { title: 'Orion', artist: { name: 'Metallica' } },
      { title: 'Nebula Dreams', artist: { name: 'Orion Quartet' } },
    ]);
    const puppets = await tracks(`filter: { search: "puppets" }`);
    expect(titles(puppets)[0]).toBe('Master of Puppets');
    expect(titles(puppets).slice(1).sort()).toEqual(['Battery', 'Orion']);
    const exactFirst = await tracks(`filter: { search: "sorry", artistId: "${ids.beyonce}" }`);
    expect(titles(exactFirst)).toEqual(['Sorry']);
  });

  it('searches releases, with the other filters', async () => {
    const res = await mixx.gql(
      `query($a: ID!) { releases(filter: { search: "puppets", artistId: $a, yearFrom: 1980, yearTo: 1990 }) { totalCount edges { node { title } } } }`,
      { a: ids.metallica },
    );
    expect(res.data.releases).toEqual({ totalCount: 1, edges: [{ node: { title: 'Master of Puppets' } }] });
    const wrongYear = await mixx.gql(`{ releases(filter: { search: "puppets", yearFrom: 1990 }) { totalCount } }`);
    expect(wrongYear.data.releases.totalCount).toBe(0);
  });

  it('refuses an overlong search', async () => {
    const res = await mixx.gql(`query($s: String) { tracks(filter: { search: $s }) { totalCount } }`, { s: 'a'.repeat(201) });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.search' });
  });
});

describe('filters and orders', () => {
  it('filters tracks by artist, release, genre and years', async () => {
    expect(titles(await tracks(`filter: { artistId: "${ids.metallica}" }, orderBy: TITLE`))).toEqual([
      'Battery',
      'Master of Puppets',
      'Orion',
    ]);
    expect(titles(await tracks(`filter: { releaseId: "${ids.lemonade}" }, orderBy: TITLE`))).toEqual(['Formation', 'Sorry']);
    expect(titles(await tracks(`filter: { genre: "${slug(POP)}" }, orderBy: TITLE`))).toEqual([
      'Formation',
      'Glósóli',
      'Nebula Dreams',
      'Sorry',
    ]);
    expect(titles(await tracks(`filter: { genre: "${slug(POP)}", yearFrom: 2005, yearTo: 2016 }, orderBy: TITLE`))).toEqual([
      'Formation',
      'Glósóli',
      'Sorry',
    ]);
    expect(titles(await tracks(`filter: { genre: "${slug(POP)}", yearFrom: 2017 }, orderBy: TITLE`))).toEqual(['Nebula Dreams']);
    expect((await tracks(`filter: { genre: "no-such-genre" }`)).totalCount).toBe(0);
  });

  it('takes any Int as a year bound, beyond what the year column holds (found by the fuzzer)', async () => {
    const pop = `genre: "${slug(POP)}"`;
    expect(titles(await tracks(`filter: { ${pop}, yearFrom: -2147483648, yearTo: 2147483647 }, orderBy: TITLE`))).toEqual([
      'Formation',
      'Glósóli',
      'Nebula Dreams',
      'Sorry',
    ]);
    expect((await tracks(`filter: { ${pop}, yearFrom: 40000 }`)).totalCount).toBe(0);
    expect((await tracks(`filter: { ${pop}, yearTo: -40000 }`)).totalCount).toBe(0);
    const releases = await mixx.gql(`{ releases(filter: { yearFrom: 2147483622, yearTo: -1490803309 }) { totalCount } }`);
    expect(releases).toMatchObject({ data: { releases: { totalCount: 0 } } });
    expect(releases.errors).toBeUndefined();
  });

  it('filters releases by artist and genre', async () => {
    const res = await mixx.gql(`{ releases(filter: { genre: "${slug(POST_ROCK)}" }) { totalCount edges { node { title } } } }`);
    expect(res.data.releases).toEqual({ totalCount: 1, edges: [{ node: { title: 'Takk' } }] });
    const byArtist = await mixx.gql(`query($a: ID!) { releases(filter: { artistId: $a }) { edges { node { title } } } }`, {
      a: ids.beyonce,
    });
    expect(byArtist.data.releases.edges).toEqual([{ node: { title: 'Lemonade' } }]);
  });

  it('orders by title, newest, popularity, and relevance (newest without a search)', async () => {
    const filter = `filter: { artistId: "${ids.metallica}" }`;
    expect(titles(await tracks(`${filter}, orderBy: TITLE`))).toEqual(['Battery', 'Master of Puppets', 'Orion']);
    expect(titles(await tracks(`${filter}, orderBy: NEWEST`))).toEqual(['Orion', 'Master of Puppets', 'Battery']);
    expect(titles(await tracks(filter))).toEqual(['Orion', 'Master of Puppets', 'Battery']);
    await db.query(
      `UPDATE track SET download_count = CASE title WHEN 'Battery' THEN 10 WHEN 'Orion' THEN 5 ELSE 0 END
       WHERE artist_id = (SELECT id FROM artist WHERE name = 'Metallica')`,
    );
    const popular = await tracks(`${filter}, orderBy: POPULAR`, 'title downloadCount');
    expect(popular.edges.map((e: any) => e.node)).toEqual([
      { title: 'Battery', downloadCount: 10 },
      { title: 'Orion', downloadCount: 5 },
      { title: 'Master of Puppets', downloadCount: 0 },
    ]);
  });

  it('lists artists by name, ignoring accents and case', async () => {
    const names = (
      await allPages(
        'query($after: String) { artists(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }',
        {},
        (d) => d.artists,
      )
    ).map((a) => a.name);
    const own = names.filter((n) => ['Metallica', 'Beyoncé', 'Sigur Rós', 'Orion Quartet'].includes(n));
    expect(own).toEqual(['Beyoncé', 'Metallica', 'Orion Quartet', 'Sigur Rós']);
  });
});

describe('cursor pagination', () => {
  it('pages through every order without repeating or skipping a track', async () => {
    const query = `query($after: String, $order: TrackOrder, $filter: TrackFilter) {
      tracks(first: 2, after: $after, orderBy: $order, filter: $filter) { edges { node { title } } pageInfo { hasNextPage endCursor } } }`;
    const cases: [string, Record<string, unknown>][] = [
      ['TITLE', { genre: slug(POP) }],
      ['NEWEST', { genre: slug(POP) }],
      ['POPULAR', { genre: slug(POP) }],
      ['POPULAR', { artistId: ids.metallica }],
      ['RELEVANCE', { genre: slug(POP) }],
      ['RELEVANCE', { search: 'puppets' }],
      ['RELEVANCE', { search: 'metalica' }],
      ['TITLE', { search: 'metalica' }],
    ];
    for (const [order, filter] of cases) {
      const paged = (await allPages(query, { order, filter }, (d) => d.tracks)).map((t) => t.title);
      const whole = await mixx.gql(
        `query($filter: TrackFilter) { tracks(first: 100, orderBy: ${order}, filter: $filter) { edges { node { title } } } }`,
        {
          filter,
        },
      );
      expect(paged, `${order} ${JSON.stringify(filter)}`).toEqual(titles(whole.data.tracks));
      expect(paged.length).toBeGreaterThan(2);
      expect(new Set(paged).size).toBe(paged.length);
    }
  });

  it('keeps a cursor stable while tracks are added', async () => {
    const genre = slug(THRASH);
    const first = await tracks(`first: 2, orderBy: NEWEST, filter: { genre: "${genre}" }`);
    expect(titles(first)).toEqual(['Orion', 'Master of Puppets']);
    const { rows } = await db.query(
      `INSERT INTO track (artist_id, release_id, title, year) SELECT artist_id, release_id, 'Damage Inc', 1986 FROM track WHERE title = 'Orion' RETURNING id`,
    );
    await db.query(`INSERT INTO track_genre (track_id, genre_id) SELECT $1, id FROM genre WHERE slug = $2`, [rows[0].id, genre]);
    const second = await tracks(`first: 2, after: "${first.pageInfo.endCursor}", orderBy: NEWEST, filter: { genre: "${genre}" }`);
    expect(titles(second)).toEqual(['Battery']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const again = await tracks(`first: 2, orderBy: NEWEST, filter: { genre: "${genre}" }`);
    expect(titles(again)).toEqual(['Damage Inc', 'Orion']);
    await db.query('DELETE FROM track WHERE id = $1', [rows[0].id]);
  });
});

describe('covers', () => {
  // A 1×1 PNG.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );

  it("serves the cover found in a release's files, cached as immutable, and nothing else", async () => {
    const folder = path.join(scratch, `covers-${run}`);
    writeMp3(path.join(folder, 'pictured.mp3'), {
      title: 'Pictured',
      artist: `Cover Artist ${run}`,
      album: `Cover Album ${run}`,
      cover: { mime: 'image/png', bytes: png },
    });
    expect(await importFolder({ folder, mediaDir: mediaDirOf(mixx.config), db })).toMatchObject({ added: 1, skipped: [] });
    const res = await mixx.gql('{ tracks(first: 1, orderBy: NEWEST) { edges { node { title release { coverUrl } } } } }');
    const node = res.data.tracks.edges[0].node;
    expect(node.title).toBe('Pictured');
    const sha = createHash('sha256').update(png).digest('hex');
    expect(node.release.coverUrl).toBe(`${mixx.config.publicUrl}/covers/${sha}.png`);

    const cover = `${mixx.url}/covers/${sha}.png`;
    const got = await fetch(cover);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('set-cookie')).toBeNull();
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    const head = await fetch(cover, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(png.length)]);
    // fetch() would add `cache-control: no-cache` to a conditional request, which forbids a 304.
    const again = await fetch(cover, {
      headers: { 'if-none-match': got.headers.get('etag') as string, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);

    for (const name of [
      `${'0'.repeat(64)}.png`,
      `${sha}.svg`,
      `${sha.slice(0, 63)}.png`,
      '..%2F..%2Fmedia.mp3',
      `${sha.toUpperCase()}.png`,
    ]) {
      const missing = await fetch(`${mixx.url}/covers/${name}`);
      expect([name, missing.status]).toEqual([name, 404]);
    }
  });
});

describe('loading', () => {
  it('issues as many SQL statements for a nested page of 100 tracks as for one of 5', async () => {
    await createSyntheticCatalog({
      db,
      mediaDir: path.join(scratch, 'media'),
      shape: { tracks: 150, artists: 30, releases: 60, genres: 40 },
    });
    const query = `query($first: Int) { tracks(first: $first, orderBy: NEWEST) { edges { node {
      title artist { name } release { title genres { name } } genres { name } } } } }`;
    // The first page to name genres the server has not seen reads the genre table once.
    const cold = await countStatements(() => mixx.gql(query, { first: 5 }));
    expect(cold.result.errors).toBeUndefined();
    expect(cold.statements, cold.statements.join('\n---\n')).toHaveLength(2);
    const five = await countStatements(() => mixx.gql(query, { first: 5 }));
    const hundred = await countStatements(() => mixx.gql(query, { first: 100 }));
    expect(five.result.errors).toBeUndefined();
    expect(hundred.result.data.tracks.edges).toHaveLength(100);
    expect(hundred.result.data.tracks.edges.every((e: any) => e.node.artist.name && e.node.genres.length > 0)).toBe(true);
    // One round trip: the page brings its artists, releases and the genre ids of both along.
    expect(hundred.statements.length).toBe(five.statements.length);
    expect(hundred.statements.length).toBe(1);
    // Genres in name order, as PostgreSQL sorts them.
    const expected = await db.query(
      `SELECT array_agg(g.name ORDER BY g.name, g.id) AS names FROM (SELECT id FROM track ORDER BY id DESC LIMIT 100) t
       JOIN track_genre tg ON tg.track_id = t.id JOIN genre g ON g.id = tg.genre_id GROUP BY t.id ORDER BY t.id DESC`,
    );
    expect(hundred.result.data.tracks.edges.map((e: any) => e.node.genres.map((g: any) => g.name))).toEqual(
      expected.rows.map((r) => r.names),
    );

    const artists = `query($first: Int) { artists(first: $first) { edges { node { name trackCount
      releases(first: 3) { totalCount edges { node { title year genres { name } tracks { title } } } }
      tracks(first: 2) { totalCount edges { node { title genres { name } } } } } } } }`;
    const few = await countStatements(() => mixx.gql(artists, { first: 3 }));
    const many = await countStatements(() => mixx.gql(artists, { first: 30 }));
    expect(many.result.errors).toBeUndefined();
    expect(many.statements.length, [...few.statements, '===', ...many.statements].join('\n---\n')).toBe(few.statements.length);
    expect(many.statements.length).toBeLessThanOrEqual(8);
  });

  it("reads the columns a page's selection names, however it names them, and only those", async () => {
    const page = (selection: string, fragments = '') =>
      countStatements(() => mixx.gql(`{ tracks(first: 5, orderBy: NEWEST) { edges { node { ${selection} } } } } ${fragments}`));
    const full = await page(TRACK_FIELDS);
    expect(full.result.errors).toBeUndefined();
    const expected = full.result.data.tracks.edges.map((e: any) => e.node);
    expect(expected.every((n: any) => Number.isInteger(n.durationSeconds) && n.sizeBytes > 0)).toBe(true);

    const titlesOnly = await page('title artist { name }');
    expect(titlesOnly.result.data.tracks.edges.map((e: any) => e.node.title)).toEqual(expected.map((n: any) => n.title));
    const [statement] = titlesOnly.statements;
    expect(statement).not.toMatch(/audio_file|download_count|track_number/);

    // Named through a fragment, an inline fragment, an alias and a directive: each column is read.
    const hidden = await page(
      `id ... on Track { trackNumber } ...F d: durationSeconds @include(if: true)`,
      'fragment F on Track { ... on Node { id } bitrateKbps sizeBytes downloadCount }',
    );
    expect(hidden.result.errors).toBeUndefined();
    expect(hidden.result.data.tracks.edges.map((e: any) => e.node)).toEqual(
      expected.map((n: any) => ({
        id: n.id,
        trackNumber: n.trackNumber,
        d: n.durationSeconds,
        bitrateKbps: n.bitrateKbps,
        sizeBytes: n.sizeBytes,
        downloadCount: n.downloadCount,
      })),
    );
  });
});
