import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1 Merkle tree arithmetic over a tree stored as complete subtrees: node (level, idx)
 * is the hash of leaves [idx·2^level, (idx+1)·2^level). Every proof element is the hash of a range
 * of leaves, and every range RFC 9162's recursion produces splits into O(log n) complete subtrees,
 * so a proof is one read of O(log n) stored nodes. Pure functions: the database is elsewhere.
 */

export type NodeRef = { level: number; idx: number };
/** A range of leaves [start, end). */
export type Range = readonly [start: number, end: number];

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const EMPTY_ROOT = sha256();
export const hashLeaf = (bytes: Uint8Array): Buffer => sha256(LEAF, bytes);
export const hashChildren = (left: Uint8Array, right: Uint8Array): Buffer => sha256(NODE, left, right);

/** The largest power of two smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The complete subtrees that make up a range, left to right (largest first). */
export function completeNodes([start, end]: Range): NodeRef[] {
  const nodes: NodeRef[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    // The largest aligned power of two that starts here and fits.
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    nodes.push({ level, idx: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** MTH of a range from the hashes of its complete subtrees (RFC 9162 splits left-heavy: fold from the right). */
export function rangeHash(range: Range, node: (ref: NodeRef) => Buffer): Buffer {
  const nodes = completeNodes(range).map(node);
  if (nodes.length === 0) return EMPTY_ROOT;
  let hash = nodes[nodes.length - 1] as Buffer;
  for (let i = nodes.length - 2; i >= 0; i--) hash = hashChildren(nodes[i] as Buffer, hash);
  return hash;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the ranges whose hashes form the inclusion proof, leaf to root. */
export function inclusionRanges(m: number, n: number): Range[] {
  const path = (m: number, [a, b]: Range): Range[] => {
    if (b - a <= 1) return [];
    const k = splitPoint(b - a);
    return m < a + k ? [...path(m, [a, a + k]), [a + k, b]] : [...path(m, [a + k, b]), [a, a + k]];
  };
  return path(m, [0, n]);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): the ranges whose hashes form the consistency proof (empty for m = 0 or m = n). */
export function consistencyRanges(m: number, n: number): Range[] {
  const subproof = (m: number, [a, b]: Range, isOld: boolean): Range[] => {
    if (m === b - a) return isOld ? [] : [[a, b]];
    const k = splitPoint(b - a);
    return m <= k ? [...subproof(m, [a, a + k], isOld), [a + k, b]] : [...subproof(m - k, [a + k, b], false), [a, a + k]];
  };
  return m === 0 || m === n ? [] : subproof(m, [0, n], true);
}

/**
 * The nodes that appending leaf `index` completes, with the leaf itself first. `leftSiblings[l]`
 * is the stored node (l, (index >> l) - 1), for each level l while (index >> l) is odd.
 */
export function nodesCompletedBy(index: number, leafHash: Buffer, leftSiblings: Buffer[]): (NodeRef & { hash: Buffer })[] {
  const nodes = [{ level: 0, idx: index, hash: leafHash }];
  let hash = leafHash;
  for (let level = 0; (index >> level) & 1; level++) {
    const sibling = leftSiblings[level];
    if (!sibling) throw new Error(`the ledger tree lacks node (${level}, ${(index >> level) - 1})`);
    hash = hashChildren(sibling, hash);
    nodes.push({ level: level + 1, idx: index >> (level + 1), hash });
  }
  return nodes;
}

/** The stored nodes `nodesCompletedBy` needs for leaf `index`. */
export function leftSiblingsOf(index: number): NodeRef[] {
  const refs: NodeRef[] = [];
  for (let level = 0; (index >> level) & 1; level++) refs.push({ level, idx: (index >> level) - 1 });
  return refs;
}

/** RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree of `size` with `root`? */
export function verifyInclusion(opts: { index: number; size: number; leafHash: Buffer; proof: Buffer[]; root: Buffer }): boolean {
  if (opts.index >= opts.size || opts.leafHash.length !== 32) return false;
  let fn = opts.index;
  let sn = opts.size - 1;
  let r = opts.leafHash;
  for (const p of opts.proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(opts.root);
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of size `size2` extends the one of `size1`? */
export function verifyConsistency(opts: {
  size1: number;
  size2: number;
  root1: Buffer;
  root2: Buffer;
  proof: Buffer[];
}): boolean {
  const { size1, size2, root1, root2 } = opts;
  // An empty tree is consistent with anything: transparency-dev refuses the check as meaningless.
  if (size1 === 0 || size1 > size2) return false;
  if (size1 === size2) return opts.proof.length === 0 && root1.equals(root2);
  if (opts.proof.length === 0) return false;
  const isPowerOfTwo = (size1 & (size1 - 1)) === 0;
  const proof = isPowerOfTwo ? [root1, ...opts.proof] : opts.proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = proof[0] as Buffer;
  let sr = proof[0] as Buffer;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}
