import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { deriveKey } from '../src/services/crypto/keys.ts';
import { clearChartCache } from '../src/services/downloads/charts.ts';
import { signTicket } from '../src/services/downloads/tickets.ts';
import { writeMp3 } from './support/catalog.ts';
import { LOGIN, makeMember, type Smtp } from './support/members.ts';
import { TEST_SECRET, type TestMixx } from './support/mixx.ts';
import { publishPolicy } from './support/policies.ts';
import { startStack, stopStack } from './support/stack.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
const originals = new Map<string, Buffer>();
const trackIds: Record<string, string> = {};

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack({ env: { MIXX_FREE_DOWNLOADS_PER_DAY: '5' }, withAdmin: false }));
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mixx-downloads-'));
  const stamp = Date.now().toString(36);
  originals.set(
    'deja',
    writeMp3(path.join(folder, 'deja.mp3'), {
      title: `Déjà Vu ${stamp}`,
      artist: `Zoë ${stamp}`,
      album: `Été ${stamp}`,
      year: 2006,
      trackNumber: 1,
    }),
  );
  originals.set(
    'slash',
    writeMp3(path.join(folder, 'slash.mp3'), {
      title: `AC/DC "Live" ${stamp}`,
      artist: `Band: "The" Best\\ ${stamp}`,
      album: `Odd ${stamp}`,
      year: 2001,
    }),
  );
  await importFolder({ folder, mediaDir: mediaDirOf(mixx.config), db });
  for (const [name, needle] of [
    ['deja', 'Déjà Vu'],
    ['slash', 'AC/DC'],
  ] as const) {
    const { rows } = await db.query('SELECT id FROM track WHERE title LIKE $1', [`${needle}%${stamp}`]);
    trackIds[name] = Buffer.from(`Track:${rows[0].id}`).toString('base64url');
  }
});
afterAll(() => stopStack({ mixx, smtp, db }));

const REQUEST = 'mutation($t: ID!) { requestDownload(trackId: $t) { url expiresAt track { id title artist { name } } } }';
const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;
const local = (url: string) => url.replace(mixx.config.publicUrl, mixx.url);
const sha256 = (b: Buffer | ArrayBuffer) =>
  createHash('sha256')
    .update(Buffer.from(b as ArrayBuffer))
    .digest('hex');

describe('requestDownload', () => {
  it('refuses in order: no session, unverified address, pending policy, used-up quota', async () => {
    expect(codeOf(await mixx.gql(REQUEST, { t: trackIds.deja }))).toBe('UNAUTHENTICATED');
    const unverified = await makeMember(mixx, smtp, { verify: false });
    expect(codeOf(await mixx.gql(REQUEST, { t: trackIds.deja }, unverified.auth))).toBe('EMAIL_NOT_VERIFIED');

    const member = await makeMember(mixx, smtp);
    await publishPolicy(mixx.payload, 'privacy', {
      text: 'Privacy, materially changed for downloads.',
      requiresReacceptance: true,
    });
    const pending = await mixx.gql(REQUEST, { t: trackIds.deja }, member.auth);
    const privacy = (await mixx.gql('{ policy(kind: PRIVACY) { id } }')).data.policy.id;
    expect(pending.errors?.[0]?.extensions).toEqual({ code: 'POLICY_ACCEPTANCE_REQUIRED', pending: [privacy] });
    await mixx.gql('mutation($ids: [ID!]!) { acceptPolicies(versionIds: $ids) { id } }', { ids: [privacy] }, member.auth);

    for (let i = 0; i < 5; i++) expect((await mixx.gql(REQUEST, { t: trackIds.deja }, member.auth)).errors).toBeUndefined();
    const exceeded = await mixx.gql(REQUEST, { t: trackIds.deja }, member.auth);
    const tomorrow = new Date();
    tomorrow.setUTCHours(24, 0, 0, 0);
    expect(exceeded.errors?.[0]?.extensions).toEqual({ code: 'QUOTA_EXCEEDED', resetsAt: tomorrow.toISOString() });
    const quota = await mixx.gql('{ me { downloadQuota { plan limit used remaining resetsAt } } }', {}, member.auth);
    expect(quota.data.me.downloadQuota).toEqual({
      plan: 'FREE',
      limit: 5,
      used: 5,
      remaining: 0,
      resetsAt: tomorrow.toISOString(),
    });
  });

  it('answers NOT_FOUND for an unknown track and BAD_USER_INPUT for something that is not an id', async () => {
    const member = await makeMember(mixx, smtp);
    const unknown = Buffer.from('Track:2000000000').toString('base64url');
    expect(codeOf(await mixx.gql(REQUEST, { t: unknown }, member.auth))).toBe('NOT_FOUND');
    expect((await mixx.gql(REQUEST, { t: 'nonsense!' }, member.auth)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'trackId',
    });
  });

  it('issues exactly the tickets left in the quota when 100 requests race', async () => {
    const member = await makeMember(mixx, smtp);
    const results = await Promise.all(Array.from({ length: 100 }, () => mixx.gql(REQUEST, { t: trackIds.slash }, member.auth)));
    expect(results.filter((r) => !r.errors).length).toBe(5);
    expect(results.filter((r) => codeOf(r) === 'QUOTA_EXCEEDED').length).toBe(95);
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM download d JOIN member m ON m.id = d.member_id WHERE m.email = $1',
      [member.email],
    );
    expect(rows[0].n).toBe(5);
  });
});

describe('download tickets', () => {
  async function ticketFor(track: keyof typeof trackIds) {
    const member = await makeMember(mixx, smtp);
    const res = await mixx.gql(REQUEST, { t: trackIds[track] }, member.auth);
    expect(res.errors).toBeUndefined();
    return { member, ticket: res.data.requestDownload };
  }

  it('streams the file with the headers of a download, byte for byte', async () => {
    const { ticket } = await ticketFor('deja');
    expect(ticket.url).toMatch(new RegExp(`^${mixx.config.publicUrl}/downloads/`));
    expect(ticket.track.artist.name).toMatch(/^Zoë /);
    const res = await fetch(local(ticket.url));
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(sha256(body)).toBe(sha256(originals.get('deja') as Buffer));
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('last-modified')).toBeTruthy();
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(
      /^attachment; filename="Zoe [a-z0-9]+ - Deja Vu [a-z0-9]+\.mp3"; filename\*=UTF-8''Zo%C3%AB%20[a-z0-9]+%20-%20D%C3%A9j%C3%A0%20Vu%20[a-z0-9]+\.mp3$/,
    );

    const head = await fetch(local(ticket.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('names a file safely when the artist and title hold separators and quotes', async () => {
    const { ticket } = await ticketFor('slash');
    const disposition = (await fetch(local(ticket.url), { method: 'HEAD' })).headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="Band The Best [a-z0-9]+ - AC DC Live [a-z0-9]+\.mp3"$/);
  });

  it('serves ranges: a prefix, a suffix, an open range, and refuses an unsatisfiable one', async () => {
    const { ticket } = await ticketFor('deja');
    const original = originals.get('deja') as Buffer;
    const range = (value: string, extra: Record<string, string> = {}) =>
      fetch(local(ticket.url), { headers: { range: value, ...extra } });
    const prefix = await range('bytes=0-99');
    expect(prefix.status).toBe(206);
    expect(prefix.headers.get('content-range')).toBe(`bytes 0-99/${original.length}`);
    expect(Buffer.from(await prefix.arrayBuffer()).equals(original.subarray(0, 100))).toBe(true);
    const suffix = await range('bytes=-100');
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(original.subarray(original.length - 100))).toBe(true);
    const open = await range('bytes=100-');
    expect(open.status).toBe(206);
    expect(Buffer.from(await open.arrayBuffer()).equals(original.subarray(100))).toBe(true);
    const unsatisfiable = await range(`bytes=${original.length + 10}-`);
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${original.length}`);

    const etag = prefix.headers.get('etag') as string;
    expect((await range('bytes=0-9', { 'if-range': etag })).status).toBe(206);
    const stale = await range('bytes=0-9', { 'if-range': '"some-other-version"' });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer()).length).toBe(original.length);
  });

  it('counts a download once, however often its ticket is fetched', async () => {
    const before = (await mixx.gql('query($t: ID!) { track(id: $t) { downloadCount } }', { t: trackIds.deja })).data.track
      .downloadCount;
    const { member, ticket } = await ticketFor('deja');
    for (const init of [{}, { method: 'HEAD' }, { headers: { range: 'bytes=0-9' } }, {}])
      await (await fetch(local(ticket.url), init)).arrayBuffer();
    const after = (await mixx.gql('query($t: ID!) { track(id: $t) { downloadCount } }', { t: trackIds.deja })).data.track
      .downloadCount;
    expect(after).toBe(before + 1);
    const me = await mixx.gql(
      '{ me { downloadQuota { used } downloads { totalCount edges { node { id track { id } requestedAt } } } } }',
      {},
      member.auth,
    );
    expect(me.data.me.downloadQuota.used).toBe(1);
    expect(me.data.me.downloads.totalCount).toBe(1);
    expect(me.data.me.downloads.edges[0].node.track.id).toBe(trackIds.deja);
  });

  it('refuses forged, tampered and expired tickets without sending a byte of the file', async () => {
    const { member, ticket } = await ticketFor('deja');
    const url = new URL(local(ticket.url));
    const [downloadId, trackKey, expiry, mac] = (url.pathname.split('/').pop() as string).split('.') as [
      string,
      string,
      string,
      string,
    ];
    const otherTrack = Buffer.from(trackIds.slash as string, 'base64url')
      .toString()
      .split(':')[1];
    const attempts = {
      forged: 'not-a-ticket',
      otherTrack: `${downloadId}.${otherTrack}.${expiry}.${mac}`,
      laterExpiry: `${downloadId}.${trackKey}.${Number(expiry) + 3600}.${mac}`,
      otherMac: `${downloadId}.${trackKey}.${expiry}.${mac.slice(0, -2)}AA`,
    };
    for (const [name, forged] of Object.entries(attempts)) {
      const res = await fetch(`${mixx.url}/downloads/${forged}`);
      expect(res.status, name).toBe(403);
      expect(res.headers.get('content-type')).not.toBe('audio/mpeg');
      expect((await res.arrayBuffer()).byteLength).toBeLessThan(100);
    }

    const { rows } = await db.query('SELECT id FROM member WHERE email = $1', [member.email]);
    const expired = signTicket(deriveKey(TEST_SECRET, 'download-tickets'), {
      downloadId,
      trackId: Number(trackKey),
      expiresAt: new Date(Date.now() - 1000),
      memberId: rows[0].id,
    });
    const gone = await fetch(`${mixx.url}/downloads/${expired}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).not.toBe('audio/mpeg');
    const someoneElse = signTicket(deriveKey(TEST_SECRET, 'download-tickets'), {
      downloadId,
      trackId: Number(trackKey),
      expiresAt: new Date(Date.now() + 60_000),
      memberId: '00000000-0000-4000-8000-000000000000',
    });
    expect((await fetch(`${mixx.url}/downloads/${someoneElse}`)).status).toBe(403);
  });
});

describe('download history', () => {
  it('pages through a member’s own downloads, newest first, and resolves them by id only for them', async () => {
    const member = await makeMember(mixx, smtp);
    for (const t of ['deja', 'slash', 'deja']) await mixx.gql(REQUEST, { t: trackIds[t] }, member.auth);
    const first = await mixx.gql(
      '{ me { downloads(first: 2) { totalCount edges { node { id track { title } } } pageInfo { hasNextPage endCursor } } } }',
      {},
      member.auth,
    );
    const page = first.data.me.downloads;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e: any) => e.node.track.title.split(' ')[0])).toEqual(['Déjà', 'AC/DC']);
    const rest = await mixx.gql(
      'query($a: String) { me { downloads(first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage } } } }',
      { a: page.pageInfo.endCursor },
      member.auth,
    );
    expect(rest.data.me.downloads.edges).toHaveLength(1);
    expect(rest.data.me.downloads.pageInfo.hasNextPage).toBe(false);

    const other = await makeMember(mixx, smtp);
    const id = page.edges[0].node.id;
    const node = 'query($id: ID!) { node(id: $id) { ... on Download { id } } }';
    expect((await mixx.gql(node, { id }, member.auth)).data).toEqual({ node: { id } });
    expect((await mixx.gql(node, { id }, other.auth)).data).toEqual({ node: null });
  });

  it('keeps downloads in the export, and only as anonymous counts after the account is erased', async () => {
    const member = await makeMember(mixx, smtp);
    await mixx.gql(REQUEST, { t: trackIds.slash }, member.auth);
    const exported = (await mixx.gql('mutation { exportMyData }', {}, member.auth)).data.exportMyData;
    expect(exported.downloads).toEqual([
      {
        id: expect.any(String),
        trackId: trackIds.slash,
        trackTitle: expect.stringContaining('AC/DC'),
        artistName: expect.stringMatching(/^Band: "The" Best\\ /),
        requestedAt: expect.any(String),
      },
    ]);
    const downloadId = exported.downloads[0].id;
    await mixx.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: member.password }, member.auth);
    const { rows } = await db.query('SELECT member_id, track_id FROM download WHERE id = $1', [downloadId]);
    expect(rows).toEqual([{ member_id: null, track_id: expect.any(Number) }]);
    expect((await mixx.gql(LOGIN, { email: member.email, password: member.password })).errors?.[0]?.extensions?.code).toBe(
      'INVALID_CREDENTIALS',
    );
  });
});

describe('charts', () => {
  it('ranks tracks by downloads in a period and of all time, counting erased members’ downloads too', async () => {
    clearChartCache();
    const CHART = 'query($p: ChartPeriod!) { topTracks(period: $p, first: 5) { rank downloads track { id downloadCount } } }';
    const day = (await mixx.gql(CHART, { p: 'DAY' })).data.topTracks;
    const allTime = (await mixx.gql(CHART, { p: 'ALL_TIME' })).data.topTracks;
    const { rows } = await db.query(
      `SELECT track_id, count(*)::int AS n FROM download WHERE requested_at > now() - interval '1 day' GROUP BY track_id ORDER BY n DESC, track_id DESC LIMIT 5`,
    );
    expect(day.map((e: any) => [e.rank, e.downloads])).toEqual(rows.map((r, i) => [i + 1, r.n]));
    expect(day.map((e: any) => e.track.id)).toEqual(rows.map((r) => Buffer.from(`Track:${r.track_id}`).toString('base64url')));
    expect(allTime.length).toBeGreaterThanOrEqual(2);
    for (const entry of allTime) expect(entry.downloads).toBe(entry.track.downloadCount);
    expect(allTime.map((e: any) => e.downloads)).toEqual([...allTime.map((e: any) => e.downloads)].sort((a, b) => b - a));
    const tooMany = await mixx.gql('{ topTracks(period: WEEK, first: 101) { rank } }');
    expect(tooMany.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
