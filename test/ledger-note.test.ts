import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointBody, parseCheckpointBody, signNote, verifyNote } from '../src/services/ledger/note.ts';
import { ed25519FromSeed, noteKeyHash } from '../src/services/ledger/signing-keys.ts';

/** Signed-note and checkpoint vectors of golang.org/x/mod/sumdb/note and transparency-dev/formats (sources in the file). */
const vectors = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'c2sp-signed-note-vectors.json'), 'utf8'));

/** `<name>+<hex hash>+<base64(0x01 ‖ key)>`, the note key encodings of the vectors. */
function decodeKey(encoded: string): { name: string; hash: string; key: Buffer } {
  const parts = encoded.replace(/^PRIVATE\+KEY\+/, '').split('+');
  const raw = Buffer.from(parts.slice(2).join('+'), 'base64'); // base64 has its own '+'
  expect(raw[0]).toBe(1); // algorithm 0x01: Ed25519
  return { name: parts[0] as string, hash: parts[1] as string, key: raw.subarray(1) };
}

describe('C2SP signed notes and checkpoints, against published vectors', () => {
  it('derives the public key and note key hash of every vector key pair', () => {
    for (const pair of vectors.keyPairs) {
      const secret = decodeKey(pair.privateKey);
      const verifier = decodeKey(pair.verifierKey);
      const { publicKey } = ed25519FromSeed(secret.key);
      expect(publicKey.toString('hex')).toBe(verifier.key.toString('hex'));
      expect(noteKeyHash(verifier.name, publicKey).toString('hex')).toBe(verifier.hash);
    }
  });

  it('signs a note byte for byte as golang.org/x/mod/sumdb/note does', () => {
    const vector = vectors.signedNotes[0];
    const secret = decodeKey(vector.privateKey);
    const { privateKey, publicKey } = ed25519FromSeed(secret.key);
    const signed = signNote(vector.text, { name: secret.name, keyHash: noteKeyHash(secret.name, publicKey), privateKey });
    expect(signed).toBe(vector.signed);
  });

  it('verifies the vectors, and refuses a note with one byte changed', () => {
    for (const vector of vectors.signedNotes) {
      const v = decodeKey(vector.verifierKey);
      const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: v.key.toString('base64url') }, format: 'jwk' });
      const key = { name: v.name, keyHash: Buffer.from(v.hash, 'hex'), publicKey };
      expect(verifyNote(vector.signed, key)).toBe(true);
      expect(verifyNote(vector.signed.replace('cryptography', 'cryptographY'), key)).toBe(false);
      expect(verifyNote(vector.signed, { ...key, name: 'Someone' })).toBe(false);
    }
  });

  it('writes and reads checkpoint bodies as transparency-dev/formats does', () => {
    for (const c of vectors.checkpointBodies) {
      const root = Buffer.from(c.hashUtf8, 'utf8');
      expect(checkpointBody({ origin: c.origin, size: c.size, root })).toBe(c.body);
      expect(parseCheckpointBody(c.body)).toEqual({ origin: c.origin, size: c.size, root });
    }
    expect(parseCheckpointBody('Log\n-34\nYmFuYW5hcw==\n')).toBeNull();
    expect(parseCheckpointBody('Log\n123\nYmFuYW5hcw==')).toBeNull();
  });
});
