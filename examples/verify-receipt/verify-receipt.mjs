#!/usr/bin/env node
// Verifies a Mixx consent receipt, or the consistency of two Mixx ledger checkpoints, offline.
// Plain Node.js (20 or newer), no packages, and no code shared with the Mixx server: everything it
// trusts is the public keys you saved from /.well-known/jwks.json.
//
//   node verify-receipt.mjs receipt <receipt.jws> <jwks.json>
//   node verify-receipt.mjs consistency <old-checkpoint.txt> <new-checkpoint.txt> <proof.json> <jwks.json>
//
// Exit status 0 when everything checks out, 1 (with the reason) when anything does not.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const hashLeaf = (bytes) => sha256(Buffer.from([0]), bytes);
const hashChildren = (l, r) => sha256(Buffer.from([1]), l, r);

/** RFC 9162 section 2.1.3.2. */
export function verifyInclusion({ index, size, leafHash, proof, root }) {
  if (!(index < size) || leafHash.length !== 32) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
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
  return sn === 0 && r.equals(root);
}

/** RFC 9162 section 2.1.4.2 (a check from an empty tree proves nothing and is refused). */
export function verifyConsistency({ size1, size2, root1, root2, proof }) {
  if (size1 === 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (proof.length === 0) return false;
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
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

class Refused extends Error {}
const refuse = (why) => {
  throw new Refused(why);
};

/** The Ed25519 keys of a saved JWKS, by kid. */
export function keysOf(jwks) {
  const keys = new Map();
  for (const jwk of jwks?.keys ?? []) {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.kid === 'string') {
      keys.set(jwk.kid, {
        key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }),
        raw: Buffer.from(jwk.x, 'base64url'),
      });
    }
  }
  return keys;
}

/**
 * A C2SP checkpoint (signed note): the body `<origin>\n<size>\n<base64 root>\n`, an empty line,
 * and a line `— <origin> <base64(key hash ‖ signature)>`, where the key hash (first 4 bytes of
 * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)) is the kid of a key in the JWKS.
 */
export function openCheckpoint(note, keys) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) refuse('the checkpoint is not a signed note');
  const body = note.slice(0, split + 1);
  const match = /^([^\n]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]+=*)\n$/.exec(body);
  if (!match) refuse('the checkpoint body is not origin, size and root hash');
  const [, origin, size, root] = match;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const sig = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line);
    if (!sig || sig[1] !== origin) continue;
    const raw = Buffer.from(sig[2], 'base64');
    const kid = raw.subarray(0, 4).toString('hex');
    const key = keys.get(kid);
    if (!key) continue;
    const expectedHash = sha256(Buffer.from(`${origin}\n`), Buffer.from([1]), key.raw)
      .subarray(0, 4)
      .toString('hex');
    if (expectedHash === kid && verify(null, Buffer.from(body), key.key, raw.subarray(4))) {
      return { origin, size: Number(size), root: Buffer.from(root, 'base64'), kid };
    }
  }
  return refuse('no valid signature of the checkpoint by a key of the JWKS');
}

export function verifyReceipt(jws, jwks) {
  const keys = keysOf(jwks);
  const parts = jws.trim().split('.');
  if (parts.length !== 3) refuse('the receipt is not a compact JWS');
  // Node decodes base64url leniently (it skips stray characters, ignores spare bits): insist on
  // the one canonical spelling, so that no altered byte of the receipt goes unnoticed.
  if (parts.some((p) => Buffer.from(p, 'base64url').toString('base64url') !== p))
    refuse('the receipt is not canonical base64url');
  let header;
  let payload;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    refuse('the receipt does not decode');
  }
  if (header.alg !== 'EdDSA' || header.typ !== 'consent-receipt+jwt') refuse('the receipt is not an EdDSA consent receipt');
  const key = keys.get(header.kid);
  if (!key) refuse(`the receipt's key ${header.kid} is not in the JWKS`);
  if (!verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key.key, Buffer.from(parts[2], 'base64url'))) {
    refuse('the receipt signature is not valid');
  }
  const { leaf, inclusionProof: proof, checkpoint } = payload;
  if (typeof leaf !== 'string' || !proof || typeof checkpoint !== 'string')
    refuse('the receipt lacks its leaf, proof or checkpoint');
  const entry = JSON.parse(leaf);
  if (entry.index !== proof.leafIndex) refuse('the leaf is not the entry the proof is for');
  if (entry.at !== payload.timestamp || entry.subject !== String(payload.piiPrincipalId).replace(/-/g, '')) {
    refuse('the receipt fields do not match the leaf');
  }
  const head = openCheckpoint(checkpoint, keys);
  if (head.size !== proof.treeSize) refuse('the proof is not for the size of the checkpoint');
  const ok = verifyInclusion({
    index: proof.leafIndex,
    size: proof.treeSize,
    leafHash: hashLeaf(Buffer.from(leaf, 'utf8')),
    proof: proof.path.map((p) => Buffer.from(p, 'base64')),
    root: head.root,
  });
  if (!ok) refuse('the inclusion proof does not lead to the checkpoint root');
  return { entry, checkpoint: head, kid: header.kid };
}

export function verifyCheckpoints(oldNote, newNote, proof, jwks) {
  const keys = keysOf(jwks);
  const [a, b] = [openCheckpoint(oldNote, keys), openCheckpoint(newNote, keys)];
  if (a.origin !== b.origin) refuse('the checkpoints are of different logs');
  if (a.size === 0) return { from: a, to: b };
  const ok = verifyConsistency({
    size1: a.size,
    size2: b.size,
    root1: a.root,
    root2: b.root,
    proof: proof.map((p) => Buffer.from(p, 'base64')),
  });
  if (!ok) refuse(`the ledger of size ${b.size} does not extend the one of size ${a.size}: history was rewritten`);
  return { from: a, to: b };
}

function main(argv) {
  const read = (file) => readFileSync(file, 'utf8');
  const [mode, ...files] = argv;
  try {
    if (mode === 'receipt' && files.length === 2) {
      const { entry, checkpoint, kid } = verifyReceipt(read(files[0]), JSON.parse(read(files[1])));
      process.stdout.write(
        `OK: entry ${entry.index} (${entry.kind}, ${entry.at}) is in the ledger ${checkpoint.origin} of ${checkpoint.size} entries; receipt key ${kid}, checkpoint key ${checkpoint.kid}\n`,
      );
    } else if (mode === 'consistency' && files.length === 4) {
      const proof = JSON.parse(read(files[2]));
      const { from, to } = verifyCheckpoints(read(files[0]), read(files[1]), proof, JSON.parse(read(files[3])));
      process.stdout.write(`OK: the ledger ${to.origin} of ${to.size} entries extends the one of ${from.size} you saved\n`);
    } else {
      process.stderr.write(
        'usage: node verify-receipt.mjs receipt <receipt.jws> <jwks.json>\n' +
          '       node verify-receipt.mjs consistency <old-checkpoint.txt> <new-checkpoint.txt> <proof.json> <jwks.json>\n',
      );
      return 1;
    }
    return 0;
  } catch (error) {
    process.stderr.write(`NOT VERIFIED: ${error instanceof Refused ? error.message : String(error?.message ?? error)}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
