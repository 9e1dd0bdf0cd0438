import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as transmute from '@transmute/rfc9162';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript example, on purpose without types
import * as independent from '../examples/verify-receipt/verify-receipt.mjs';
import { type EntryRow, leafOf } from '../src/services/ledger/leaf.ts';
import {
  completeNodes,
  consistencyRanges,
  EMPTY_ROOT,
  hashChildren,
  hashLeaf,
  inclusionRanges,
  leftSiblingsOf,
  type NodeRef,
  nodesCompletedBy,
  type Range,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
} from '../src/services/ledger/merkle.ts';

const RFC9162: any = (transmute as any).RFC9162 ?? (transmute as any).default?.RFC9162;
const fixtures = path.join(import.meta.dirname, 'fixtures', 'transparency-dev-merkle');
const b64 = (s: string | null | undefined) => Buffer.from(s ?? '', 'base64');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Every complete subtree of these leaves, built by appending one leaf at a time as the server does. */
function buildTree(leaves: Uint8Array[]): (ref: NodeRef) => Buffer {
  const nodes = new Map<string, Buffer>();
  const get = (r: NodeRef) => {
    const h = nodes.get(`${r.level}/${r.idx}`);
    if (!h) throw new Error(`no node ${r.level}/${r.idx}`);
    return h;
  };
  leaves.forEach((leaf, index) => {
    for (const n of nodesCompletedBy(index, hashLeaf(leaf), leftSiblingsOf(index).map(get)))
      nodes.set(`${n.level}/${n.idx}`, n.hash);
  });
  return get;
}
const proofOf = (ranges: Range[], node: (r: NodeRef) => Buffer) => ranges.map((r) => rangeHash(r, node));

function probes(kind: 'inclusion' | 'consistency'): { file: string; probe: any }[] {
  const out: { file: string; probe: any }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json'))
        out.push({ file: path.relative(fixtures, full), probe: JSON.parse(readFileSync(full, 'utf8')) });
    }
  };
  walk(path.join(fixtures, kind));
  return out;
}

const leafInputs = (
  JSON.parse(readFileSync(path.join(fixtures, 'leaves.json'), 'utf8')) as { leafInputsHex: string[] }
).leafInputsHex.map((h) => Buffer.from(h, 'hex'));
const rootHashes = (JSON.parse(readFileSync(path.join(fixtures, 'leaves.json'), 'utf8')) as { rootHashesHex: string[] })
  .rootHashesHex;

describe('the Merkle tree against transparency-dev/merkle test vectors', () => {
  const tree = buildTree(leafInputs);

  it('gives the reference root of every tree size over the reference leaves', () => {
    expect(hex(EMPTY_ROOT)).toBe(rootHashes[0]);
    for (let n = 1; n <= leafInputs.length; n++) expect(hex(rangeHash([0, n], tree))).toBe(rootHashes[n]);
  });

  it('produces exactly the proofs of every happy-path vector', () => {
    const inclusion = probes('inclusion').filter((p) => !p.probe.wantErr && p.probe.treeSize <= leafInputs.length);
    const consistency = probes('consistency').filter((p) => !p.probe.wantErr && p.probe.size2 <= leafInputs.length);
    expect(inclusion.length).toBeGreaterThanOrEqual(5);
    expect(consistency.length).toBeGreaterThanOrEqual(5);
    for (const { probe } of inclusion) {
      const proof = proofOf(inclusionRanges(probe.leafIdx, probe.treeSize), tree);
      expect(proof.map((h) => h.toString('base64'))).toEqual(probe.proof ?? []);
    }
    for (const { probe } of consistency) {
      if (probe.size1 === 0) continue;
      const proof = proofOf(consistencyRanges(probe.size1, probe.size2), tree);
      expect(proof.map((h) => h.toString('base64'))).toEqual(probe.proof ?? []);
    }
  });

  it.each([
    ['our verifier', { inclusion: verifyInclusion, consistency: verifyConsistency }],
    ['the independent example verifier', { inclusion: independent.verifyInclusion, consistency: independent.verifyConsistency }],
  ] as const)('%s accepts every good proof and refuses every bad one', (_name, verify) => {
    const wrong: string[] = [];
    for (const { file, probe } of probes('inclusion')) {
      const ok = verify.inclusion({
        index: probe.leafIdx,
        size: probe.treeSize,
        leafHash: b64(probe.leafHash),
        proof: (probe.proof ?? []).map(b64),
        root: b64(probe.root),
      });
      if (ok === probe.wantErr) wrong.push(file);
    }
    for (const { file, probe } of probes('consistency')) {
      const ok = verify.consistency({
        size1: probe.size1,
        size2: probe.size2,
        root1: b64(probe.root1),
        root2: b64(probe.root2),
        proof: (probe.proof ?? []).map(b64),
      });
      if (ok === probe.wantErr) wrong.push(file);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the Merkle tree against @transmute/rfc9162, an independent implementation', () => {
  const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

  async function crossCheck(n: number, leafIndexes: number[], oldSizes: number[]) {
    const entries = Array.from({ length: n }, (_, i) => Buffer.concat([Buffer.from([i & 255, i >> 8]), randomBytes(6)]));
    const tree = buildTree(entries);
    const root = rangeHash([0, n], tree);
    expect(hex(await RFC9162.treeHead(entries))).toBe(hex(root));
    for (const m of leafIndexes) {
      const ours = proofOf(inclusionRanges(m, n), tree);
      const theirs = await RFC9162.inclusionProof(entries[m], entries);
      expect(theirs.inclusion_path.map(hex)).toEqual(ours.map(hex));
      expect(await RFC9162.verifyInclusionProof(root, hashLeaf(entries[m] as Buffer), { ...theirs, inclusion_path: ours })).toBe(
        true,
      );
      expect(
        verifyInclusion({
          index: m,
          size: n,
          leafHash: hashLeaf(entries[m] as Buffer),
          proof: theirs.inclusion_path.map(Buffer.from),
          root,
        }),
      ).toBe(true);
    }
    for (const m of oldSizes) {
      const oldRoot = rangeHash([0, m], tree);
      const ours = proofOf(consistencyRanges(m, n), tree);
      const theirs = await RFC9162.consistencyProof({ tree_size: m }, entries);
      // @transmute/rfc9162 puts the old root first when the old size is a power of two, where
      // RFC 9162 §2.1.4.1 leaves it out (its verifier then skips the prepending step 2): the rest agrees.
      const expected = isPowerOfTwo(m) ? [oldRoot, ...ours] : ours;
      expect(theirs.consistency_path.map(hex)).toEqual(expected.map(hex));
      const asTheirs = { tree_size_1: m, tree_size_2: n, consistency_path: expected };
      expect(await RFC9162.verifyConsistencyProof(oldRoot, root, asTheirs)).toBe(true);
      const fromTheirs = theirs.consistency_path.slice(isPowerOfTwo(m) ? 1 : 0).map(Buffer.from);
      expect(verifyConsistency({ size1: m, size2: n, root1: oldRoot, root2: root, proof: fromTheirs })).toBe(true);
    }
  }

  it('agrees on every tree of 1 to 64 leaves: roots, every inclusion and consistency proof', async () => {
    for (let n = 1; n <= 64; n++) {
      const all = Array.from({ length: n }, (_, i) => i);
      await crossCheck(
        n,
        all,
        all.slice(1).filter((m) => m < n),
      );
    }
  });

  it('agrees on sampled trees up to 1,000 leaves', async () => {
    const sizes = [65, 100, 127, 128, 129, 255, 256, 333, 500, 511, 512, 513, 777, 999, 1000];
    for (const n of sizes) {
      const pick = (k: number, lo: number) => [
        ...new Set([lo, n - 1, ...Array.from({ length: k }, () => lo + Math.floor(Math.random() * (n - lo)))]),
      ];
      await crossCheck(
        n,
        pick(4, 0),
        pick(3, 1).filter((m) => m < n),
      );
    }
  }, 60_000);

  it('decomposes a range into aligned complete subtrees, largest first', () => {
    expect(completeNodes([0, 6])).toEqual([
      { level: 2, idx: 0 },
      { level: 1, idx: 2 },
    ]);
    expect(completeNodes([4, 7])).toEqual([
      { level: 1, idx: 2 },
      { level: 0, idx: 6 },
    ]);
  });
});

describe('the leaf of a ledger entry', () => {
  const subject = '5e1d0c9a-4b7f-2e8d-6a3c-1b0f9e8d7c6b';
  const row = (over: Partial<EntryRow>): EntryRow => ({
    id: 'x',
    ledger_index: 0,
    kind: 'POLICY_ACCEPTED',
    at: '2026-12-01T19:31:35.123Z',
    subject,
    source: 'registration',
    policy_version_id: 'p',
    policy_kind: 'terms',
    policy_version: 1,
    content_hash: '9f2c6d1e0b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e',
    partner_client_id: null,
    detail: {},
    ...over,
  });

  it("matches the contract's two-leaf test vector byte for byte", () => {
    const leaf0 = leafOf(row({}));
    const leaf1 = leafOf(
      row({
        ledger_index: 1,
        kind: 'COOKIES_SET',
        at: '2026-12-01T19:32:00.000Z',
        source: 'settings',
        policy_version_id: null,
        policy_kind: null,
        policy_version: null,
        content_hash: null,
        detail: { preferences: true, analytics: false },
      }),
    );
    expect(leaf0).toBe(
      '{"at":"2026-12-01T19:31:35.123Z","contentHash":"9f2c6d1e0b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e","index":0,"kind":"POLICY_ACCEPTED","policy":"TERMS/1","source":"registration","subject":"5e1d0c9a4b7f2e8d6a3c1b0f9e8d7c6b"}',
    );
    expect(leaf1).toBe(
      '{"at":"2026-12-01T19:32:00.000Z","detail":{"analytics":false,"preferences":true},"index":1,"kind":"COOKIES_SET","source":"settings","subject":"5e1d0c9a4b7f2e8d6a3c1b0f9e8d7c6b"}',
    );
    const [h0, h1] = [hashLeaf(Buffer.from(leaf0)), hashLeaf(Buffer.from(leaf1))];
    expect(hex(h0)).toBe('567a26ac8ae1ebf7cdb16b538acfe8dab0cafca451a1bd0523d680bcb3d3d537');
    expect(hex(h1)).toBe('041a649811f90bc9b3e422822ddab6e73a81a1aa0216db33dffd4d2bba578c9d');
    expect(hex(hashChildren(h0, h1))).toBe('0d49dcf8cbaeb2c08f2bc8bea8d2e615104365858ccce85c3aee88cfd5fb0b6e');
    expect(
      hex(
        createHash('sha256')
          .update(Buffer.concat([Buffer.from([1]), h0, h1]))
          .digest(),
      ),
    ).toBe(hex(hashChildren(h0, h1)));
  });

  it('names a partner app by its client_id and escapes text as RFC 8785 does', () => {
    const leaf = leafOf(
      row({ kind: 'PARTNER_GRANTED', source: 'oauth', policy_kind: null, content_hash: null, partner_client_id: 'app-"1"\n' }),
    );
    expect(leaf).toContain('"partner":"app-\\"1\\"\\n"');
    expect(leaf).not.toContain('policy');
  });
});
