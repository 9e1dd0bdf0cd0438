import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { writeMp3 } from './support/catalog.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { startStack, stopStack } from './support/stack.ts';

/**
 * Every connection accepts only its own cursors: one issued by another connection, by the same
 * connection in another order, or made up, is BAD_USER_INPUT on `after` (never an empty page,
 * a page of the wrong list, or an INTERNAL_SERVER_ERROR).
 */
let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let member: Awaited<ReturnType<typeof makeMember>>;
let artistId: string;

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack({ withAdmin: false }));
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mixx-cursors-'));
  const stamp = Date.now().toString(36);
  for (const n of [1, 2])
    writeMp3(path.join(folder, `c${n}.mp3`), { title: `Cursor Song ${n} ${stamp}`, artist: `Cursor Band ${stamp}` });
  await importFolder({ folder, mediaDir: mediaDirOf(mixx.config), db });
  member = await makeMember(mixx, smtp);
  const found = await mixx.gql('query($s: String!) { artists(first: 1, search: $s) { edges { node { id } } } }', {
    s: `Cursor Band ${stamp}`,
  });
  artistId = found.data.artists.edges[0].node.id;
});
afterAll(() => stopStack({ mixx, smtp, db }));

/** Each connection as a query taking `$after`, and the path to its connection in the answer. */
const CONNECTIONS: Record<string, { query: string; at: string[]; member?: true }> = {
  consentHistory: {
    query: 'query($after: String) { me { consentHistory(first: 1, after: $after) { edges { cursor } } } }',
    at: ['me', 'consentHistory'],
    member: true,
  },
  downloads: {
    query: 'query($after: String) { me { downloads(first: 1, after: $after) { edges { cursor } } } }',
    at: ['me', 'downloads'],
    member: true,
  },
  disclosures: {
    query: 'query($after: String) { me { disclosures(first: 1, after: $after) { edges { cursor } } } }',
    at: ['me', 'disclosures'],
    member: true,
  },
  invoices: {
    query: 'query($after: String) { me { invoices(first: 1, after: $after) { edges { cursor } } } }',
    at: ['me', 'invoices'],
    member: true,
  },
  policyVersions: {
    query: 'query($after: String) { policyVersions(kind: TERMS, first: 1, after: $after) { edges { cursor } } }',
    at: ['policyVersions'],
  },
  artists: { query: 'query($after: String) { artists(first: 1, after: $after) { edges { cursor } } }', at: ['artists'] },
  releases: { query: 'query($after: String) { releases(first: 1, after: $after) { edges { cursor } } }', at: ['releases'] },
  tracksNewest: {
    query: 'query($after: String) { tracks(first: 1, after: $after, orderBy: NEWEST) { edges { cursor } } }',
    at: ['tracks'],
  },
  tracksByTitle: {
    query: 'query($after: String) { tracks(first: 1, after: $after, orderBy: TITLE) { edges { cursor } } }',
    at: ['tracks'],
  },
  artistReleases: {
    query: 'query($after: String, $a: ID!) { artist(id: $a) { releases(first: 1, after: $after) { edges { cursor } } } }',
    at: ['artist', 'releases'],
  },
  artistTracks: {
    query: 'query($after: String, $a: ID!) { artist(id: $a) { tracks(first: 1, after: $after) { edges { cursor } } } }',
    at: ['artist', 'tracks'],
  },
};

const ask = (name: string, after?: string) => {
  const connection = CONNECTIONS[name] as (typeof CONNECTIONS)[string];
  return mixx.gql(connection.query, { after, a: artistId }, connection.member ? member.auth : {});
};

it("refuses every connection's cursor in every other connection, and made-up ones, as BAD_USER_INPUT on after", async () => {
  const cursors: Record<string, string> = {};
  for (const name of Object.keys(CONNECTIONS)) {
    const answer = await ask(name);
    expect(answer.errors, name).toBeUndefined();
    const connection = (CONNECTIONS[name] as { at: string[] }).at.reduce((o: any, key) => o?.[key], answer.data);
    const cursor = connection.edges[0]?.cursor as string | undefined;
    if (cursor) cursors[name] = cursor;
    // Its own cursor is accepted.
    if (cursor) expect((await ask(name, cursor)).errors, name).toBeUndefined();
  }
  // The member has consent entries and the catalog has this test's tracks: enough lists to mix.
  expect(Object.keys(cursors)).toEqual(
    expect.arrayContaining(['consentHistory', 'policyVersions', 'tracksNewest', 'artistTracks']),
  );

  const madeUp = ['x', 'eyJ9', Buffer.from('["tracks:NEWEST",1]').toString('base64url'), 'A'.repeat(3000), '%%%'];
  for (const name of Object.keys(CONNECTIONS)) {
    const foreign = Object.entries(cursors).filter(([other, cursor]) => other !== name && cursor !== cursors[name]);
    for (const [from, cursor] of [...foreign, ...madeUp.map((c) => ['made up', c] as const)]) {
      const answer = await ask(name, cursor);
      expect(
        answer.errors?.map((e) => e.extensions),
        `${from} cursor in ${name}`,
      ).toEqual([{ code: 'BAD_USER_INPUT', field: 'after' }]);
    }
  }
});
