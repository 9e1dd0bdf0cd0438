import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript example, on purpose without types
import * as member from '../examples/verify-receipt/verify-receipt.mjs';
import { freshDatabase } from './support/fresh-database.ts';
import { jwksOf, ledgerVerify, verifyOffline } from './support/ledger.ts';
import { makeMember } from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { publishPolicy } from './support/policies.ts';
import { findAnywhere } from './support/scan.ts';
import { type Stack, startStack, stopStack } from './support/stack.ts';

// A database of its own: checkpoints and proofs depend on every entry of the ledger.
const PUBLIC_URL = 'https://mixx.example';
let stack: Stack;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  fresh = await freshDatabase();
  stack = await startStack({ env: { PUBLIC_URL, DATABASE_URL: fresh.url }, withAdmin: false });
}, 120_000);
afterAll(async () => {
  await stopStack(stack);
  await fresh.drop();
});

const CHECKPOINT = '{ ledgerCheckpoint { size rootHash signedNote issuedAt } }';
const HISTORY = `{ me { consentHistory(first: 50) { edges { node { id kind ledgerIndex
  inclusionProof { leafIndex treeSize path } receipt } } } } }`;
const checkpoint = async (mixx: TestMixx = stack.mixx) => {
  const res = await mixx.gql(CHECKPOINT);
  expect(res.errors).toBeUndefined();
  return res.data.ledgerCheckpoint;
};
const historyOf = async (auth: Record<string, string>, mixx: TestMixx = stack.mixx) => {
  const res = await mixx.gql(HISTORY, {}, auth);
  expect(res.errors).toBeUndefined();
  return res.data.me.consentHistory.edges.map((e: any) => e.node);
};
const setCookies = (auth: Record<string, string>, analytics: boolean, mixx: TestMixx = stack.mixx) =>
  mixx.gql(`mutation { setCookiePreferences(input: { preferences: true, analytics: ${analytics} }) { analytics } }`, {}, auth);
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

describe('checkpoints and keys', () => {
  it('signed a checkpoint of size 0 at first start, with a key /.well-known/jwks.json publishes', async () => {
    const response = await fetch(`${stack.mixx.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const jwks = await response.json();
    expect(jwks).toEqual({
      keys: [
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          kid: expect.stringMatching(/^[0-9a-f]{8}$/),
          alg: 'EdDSA',
          use: 'sig',
        },
      ],
    });
    const first = (await stack.db.query('SELECT tree_size FROM ledger_checkpoint ORDER BY tree_size LIMIT 1')).rows[0];
    expect(first).toEqual({ tree_size: 0 });
    const latest = await checkpoint();
    const opened = member.openCheckpoint(latest.signedNote, member.keysOf(jwks));
    expect(opened).toEqual({
      origin: 'mixx.example/mixx-ledger',
      size: latest.size,
      root: Buffer.from(latest.rootHash, 'base64'),
      kid: jwks.keys[0].kid,
    });
    if (latest.size === 0) expect(latest.rootHash).toBe(createHash('sha256').digest('base64'));
    expect(latest.signedNote).toBe(
      `mixx.example/mixx-ledger\n${latest.size}\n${latest.rootHash}\n\n\u2014 mixx.example/mixx-ledger ${latest.signedNote.split(' ').pop()}`,
    );
  });

  it('refuses checkpoints and tree sizes that were never signed, naming the argument', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    const [entry] = await historyOf(m.auth);
    const latest = await checkpoint();
    const proofAt = (treeSize: number) =>
      stack.mixx.gql(
        'query($id: ID!, $n: Int) { node(id: $id) { ... on ConsentEvent { inclusionProof(treeSize: $n) { treeSize } } } }',
        { id: entry.id, n: treeSize },
        m.auth,
      );
    for (const n of [latest.size + 1000, -1, 0]) {
      expect((await proofAt(n)).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'treeSize' });
    }
    const consistency = (from: number, to: number) =>
      stack.mixx.gql('query($a: Int!, $b: Int!) { ledgerConsistencyProof(from: $a, to: $b) }', { a: from, b: to });
    expect((await consistency(0, latest.size + 1000)).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
    expect((await consistency(-1, latest.size)).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    expect((await consistency(latest.size + 1, latest.size)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'from',
    });
    expect((await consistency(latest.size, latest.size)).data).toEqual({ ledgerConsistencyProof: [] });
  });
});

describe('proofs and receipts a member checks without trusting Mixx', () => {
  it('proves every entry of a member, signing a checkpoint at once when none covers it yet', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    await setCookies(m.auth, false);
    const before = await checkpoint();
    const entries = await historyOf(m.auth);
    const jwks = JSON.parse(await jwksOf(stack.mixx.url));
    const after = await checkpoint();
    expect(after.size).toBeGreaterThan(before.size);
    expect(entries.map((e: any) => e.kind)).toEqual(['COOKIES_SET', 'POLICY_ACCEPTED', 'POLICY_ACCEPTED']);
    const { data } = await stack.mixx.gql('mutation { exportMyData }', {}, m.auth);
    const pseudonym = data.exportMyData.profile.consentPseudonym.replace(/-/g, '');
    for (const e of entries) {
      expect(e.inclusionProof).toEqual({ leafIndex: e.ledgerIndex, treeSize: after.size, path: expect.any(Array) });
      const { entry, checkpoint: head } = member.verifyReceipt(e.receipt, jwks);
      expect(entry).toMatchObject({ index: e.ledgerIndex, kind: e.kind, subject: pseudonym });
      expect(head.size).toBe(after.size);
      // The proof the field gives is the one in the receipt.
      expect(decode(e.receipt.split('.')[1]).inclusionProof).toEqual(e.inclusionProof);
    }
  });

  it('gives a receipt that the example script verifies offline, and one changed byte anywhere fails it', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    await setCookies(m.auth, true);
    const [cookies] = await historyOf(m.auth);
    const jwks = await jwksOf(stack.mixx.url);
    const jws: string = cookies.receipt;
    const [header, payload] = jws.split('.').map((s, i) => (i < 2 ? decode(s) : s));
    expect(header).toEqual({ alg: 'EdDSA', kid: JSON.parse(jwks).keys[0].kid, typ: 'consent-receipt+jwt' });
    expect(payload).toEqual({
      receiptId: expect.any(String),
      version: 'KI-CR-v1.1.0',
      timestamp: expect.any(String),
      piiController: 'Mixx',
      piiPrincipalId: expect.any(String),
      collectionMethod: 'settings',
      purpose: 'cookies',
      policy: null,
      state: 'set',
      detail: { preferences: true, analytics: true },
      iat: expect.any(Number),
      leaf: expect.stringContaining('"detail":{"analytics":true,"preferences":true}'),
      inclusionProof: cookies.inclusionProof,
      checkpoint: expect.stringMatching(/^mixx\.example\/mixx-ledger\n\d+\n/),
    });

    const ok = await verifyOffline('receipt', { 'receipt.jws': jws, 'jwks.json': jwks });
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: entry \d+ \(COOKIES_SET, /) });

    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const accepted: number[] = [];
    for (let i = 0; i < jws.length; i++) {
      const c = jws[i] as string;
      const other = c === '.' ? 'A' : (alphabet[(alphabet.indexOf(c) + 1) % 64] as string);
      const flipped = jws.slice(0, i) + other + jws.slice(i + 1);
      try {
        member.verifyReceipt(flipped, JSON.parse(jwks));
        accepted.push(i);
      } catch {}
    }
    expect(accepted).toEqual([]);
    const middle = Math.floor(jws.length / 2);
    const flipped = jws.slice(0, middle) + (jws[middle] === 'A' ? 'B' : 'A') + jws.slice(middle + 1);
    const refused = await verifyOffline('receipt', { 'receipt.jws': flipped, 'jwks.json': jwks });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^NOT VERIFIED: /) });
  });

  it('proves that a later checkpoint extends one the member saved, with the example script', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    await historyOf(m.auth); // a proof for the newest entry signs a checkpoint covering it
    const saved = await checkpoint();
    await setCookies(m.auth, true);
    await setCookies(m.auth, false);
    await historyOf(m.auth);
    const later = await checkpoint();
    expect(later.size).toBe(saved.size + 2);
    const proof = (
      await stack.mixx.gql('query($a: Int!, $b: Int!) { ledgerConsistencyProof(from: $a, to: $b) }', {
        a: saved.size,
        b: later.size,
      })
    ).data.ledgerConsistencyProof;
    const jwks = await jwksOf(stack.mixx.url);
    const files = (a: any, b: any) => ({
      'old.txt': a.signedNote,
      'new.txt': b.signedNote,
      'proof.json': JSON.stringify(proof),
      'jwks.json': jwks,
    });
    expect(await verifyOffline('consistency', files(saved, later))).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('extends'),
    });
    const forged = { ...later, signedNote: later.signedNote.replace(later.rootHash, saved.rootHash) };
    expect((await verifyOffline('consistency', files(saved, forged))).code).toBe(1);
    expect((await verifyOffline('consistency', files(later, saved))).code).toBe(1);
  });

  it('puts a signed receipt of every ledger entry into the data export', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    await setCookies(m.auth, true);
    const { data } = await stack.mixx.gql('mutation { exportMyData }', {}, m.auth);
    const exported = data.exportMyData;
    const jwks = JSON.parse(await jwksOf(stack.mixx.url));
    // By id: the entries a registration writes share one timestamp, so time alone does not order them.
    expect(exported.signedConsentReceipts.map((r: any) => r.receiptId).sort()).toEqual(
      exported.consentLedger.map((e: any) => e.id).sort(),
    );
    for (const r of exported.signedConsentReceipts) {
      const { entry } = member.verifyReceipt(r.jws, jwks);
      expect(decode(r.jws.split('.')[1]).receiptId).toBe(r.receiptId);
      expect(entry.subject).toBe(exported.profile.consentPseudonym.replace(/-/g, ''));
    }
  });
});

describe('what changed in a policy', () => {
  it('shows exactly the words staff changed, with HTML in the policy kept as text', async () => {
    const text = 'Members may download music for personal use. Sharing files is <b>forbidden</b>.';
    await publishPolicy(stack.mixx.payload, 'terms', { text, requiresReacceptance: false });
    const changed =
      'Members may download music for private use only. Sharing files is <b>forbidden</b> <script>alert(1)</script>.';
    await publishPolicy(stack.mixx.payload, 'terms', { text: changed, requiresReacceptance: true });
    const res = await stack.mixx.gql(
      `{ policy(kind: TERMS) { version bodyText diff { from { version } to { version } html added removed } } }`,
    );
    const policy = res.data.policy;
    expect(policy.bodyText).toContain(changed);
    const html: string = policy.diff.html;
    expect(policy.diff).toMatchObject({
      from: { version: policy.version - 1 },
      to: { version: policy.version },
      added: 6,
      removed: 1,
    });
    expect([...html.matchAll(/<(ins|del)>([^<]*)<\/\1>/g)].map((m) => [m[1], m[2]?.trim()])).toEqual([
      ['del', 'personal'],
      ['ins', 'private'],
      ['ins', 'only'],
      ['ins', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ]);
    // The only tags are the diff's own: the policy's markup is escaped text.
    expect(html.match(/<\/?[a-z]+>/g)?.every((tag) => /^<\/?(ins|del)>$/.test(tag))).toBe(true);
    expect(html).toContain('&lt;b&gt;forbidden&lt;/b&gt;');

    const { data: first } = await stack.mixx.gql(
      '{ policyVersions(kind: TERMS, first: 50) { edges { node { id version diff { html } } } } }',
    );
    const versions = first.policyVersions.edges.map((e: any) => e.node);
    expect(versions.find((v: any) => v.version === 1).diff).toBeNull();
    const one = versions.find((v: any) => v.version === 1).id;
    const fromOne = await stack.mixx.gql('query($f: ID!) { policy(kind: TERMS) { diff(from: $f) { from { version } } } }', {
      f: one,
    });
    expect(fromOne.data.policy.diff.from.version).toBe(1);
    const privacy = (await stack.mixx.gql('{ policy(kind: PRIVACY) { id } }')).data.policy.id;
    const bad = async (from: string) =>
      (await stack.mixx.gql('query($f: ID!) { policy(kind: TERMS) { diff(from: $f) { html } } }', { f: from })).errors?.[0]
        ?.extensions;
    expect(await bad(privacy)).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(await bad(versions[0].id)).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(await bad('%%%')).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
  }, 60_000);
});

describe('erasure', () => {
  it('leaves the tree verifiable and no leaf joinable to the person', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    await setCookies(m.auth, true);
    const entries = await historyOf(m.auth);
    const exported = (await stack.mixx.gql('mutation { exportMyData }', {}, m.auth)).data.exportMyData;
    const pseudonym: string = exported.profile.consentPseudonym;
    const memberId: string = exported.profile.id;
    expect(
      (await stack.mixx.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: m.password }, m.auth)).data,
    ).toEqual({
      deleteAccount: true,
    });
    // The ledger keeps the entries, under a pseudonym that nothing links to the person any more.
    expect(await findAnywhere(stack.db, [m.email, memberId, m.displayName])).toEqual([]);
    expect(await findAnywhere(stack.db, [pseudonym])).toEqual([`public.consent_event.subject holds ${pseudonym}`]);
    const leaves = await stack.db.query('SELECT count(*)::int AS n FROM ledger_node WHERE level = 0 AND idx = ANY($1)', [
      entries.map((e: any) => e.ledgerIndex),
    ]);
    expect(leaves.rows[0].n).toBe(entries.length);
    // Receipts the member kept still verify; and the operator's check still passes.
    expect(member.verifyReceipt(entries[0].receipt, JSON.parse(await jwksOf(stack.mixx.url))).entry.subject).toBe(
      pseudonym.replace(/-/g, ''),
    );
    const verified = await ledgerVerify({ databaseUrl: fresh.url, publicUrl: PUBLIC_URL });
    expect(verified).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^ledger:verify: \d+ entries and \d+ checkpoints agree\n$/),
    });
  }, 120_000);
});

// Last: a second instance in this process shares (and, closing, ends) the process-wide Payload instance.
describe('key rotation and the checkpoint timer', () => {
  it('keeps old receipts verifiable after a rotation; new receipts and checkpoints carry the new kid', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    const [old] = await historyOf(m.auth);
    const v1 = JSON.parse(await jwksOf(stack.mixx.url));
    const rotated = await startTestMixx({
      env: { PUBLIC_URL, DATABASE_URL: fresh.url, MIXX_LEDGER_KEY_VERSION: '2', MIXX_LEDGER_CHECKPOINT_SECONDS: '1' },
      withAdmin: false,
    });
    try {
      const v2 = JSON.parse(await jwksOf(rotated.url));
      expect(v2.keys.map((k: any) => k.kid)).toEqual([expect.not.stringMatching(v1.keys[0].kid), v1.keys[0].kid]);
      expect(await verifyOffline('receipt', { 'receipt.jws': old.receipt, 'jwks.json': JSON.stringify(v2) })).toMatchObject({
        code: 0,
      });

      // The timer signs once the ledger grew, without anybody asking for a proof.
      const before = await checkpoint(rotated);
      await setCookies(m.auth, true, rotated);
      let signed = before;
      for (let i = 0; i < 40 && signed.size === before.size; i++) {
        await new Promise((r) => setTimeout(r, 100));
        signed = await checkpoint(rotated);
      }
      expect(signed.size).toBe(before.size + 1);
      expect(member.openCheckpoint(signed.signedNote, member.keysOf(v2)).kid).toBe(v2.keys[0].kid);

      const [fresh] = await historyOf(m.auth, rotated);
      expect(decode(fresh.receipt.split('.')[0]).kid).toBe(v2.keys[0].kid);
      expect(await verifyOffline('receipt', { 'receipt.jws': fresh.receipt, 'jwks.json': JSON.stringify(v2) })).toMatchObject({
        code: 0,
      });
      expect((await verifyOffline('receipt', { 'receipt.jws': fresh.receipt, 'jwks.json': JSON.stringify(v1) })).code).toBe(1);
      expect(await ledgerVerify({ databaseUrl: fresh.url, publicUrl: PUBLIC_URL, keyVersion: 2 })).toMatchObject({ code: 0 });
    } finally {
      await rotated.close();
    }
  }, 120_000);
});
