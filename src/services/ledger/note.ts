import type { KeyObject } from 'node:crypto';
import { sign, verify } from 'node:crypto';

/**
 * C2SP tlog-checkpoint bodies and signed notes (c2sp.org/tlog-checkpoint, c2sp.org/signed-note),
 * byte for byte: `<origin>\n<size>\n<base64 root>\n`, an empty line, then one signature line per
 * signer, `— <key name> <base64(key hash ‖ Ed25519 signature of the body)>\n` (U+2014).
 */
export function checkpointBody(opts: { origin: string; size: number; root: Buffer }): string {
  return `${opts.origin}\n${opts.size}\n${opts.root.toString('base64')}\n`;
}

export function signNote(body: string, signer: { name: string; keyHash: Buffer; privateKey: KeyObject }): string {
  if (!body.endsWith('\n')) throw new Error('a note body ends with a newline');
  const signature = sign(null, Buffer.from(body, 'utf8'), signer.privateKey);
  return `${body}\n\u2014 ${signer.name} ${Buffer.concat([signer.keyHash, signature]).toString('base64')}\n`;
}

export type ParsedNote = { body: string; signatures: { name: string; keyHash: Buffer; signature: Buffer }[] };

export function parseNote(note: string): ParsedNote | null {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const body = note.slice(0, split + 1);
  const signatures = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line);
    if (!match) return null;
    const raw = Buffer.from(match[2] as string, 'base64');
    if (raw.length < 5) return null;
    signatures.push({ name: match[1] as string, keyHash: raw.subarray(0, 4), signature: raw.subarray(4) });
  }
  return { body, signatures };
}

/** Whether `note` carries a valid Ed25519 signature by this key. */
export function verifyNote(note: string, key: { name: string; keyHash: Buffer; publicKey: KeyObject }): boolean {
  const parsed = parseNote(note);
  if (!parsed) return false;
  return parsed.signatures.some(
    (s) =>
      s.name === key.name &&
      s.keyHash.equals(key.keyHash) &&
      s.signature.length === 64 &&
      verify(null, Buffer.from(parsed.body, 'utf8'), key.publicKey, s.signature),
  );
}

export function parseCheckpointBody(body: string): { origin: string; size: number; root: Buffer } | null {
  const match = /^([^\n]+)\n(0|[1-9][0-9]{0,15})\n([A-Za-z0-9+/]+=*)\n/.exec(body);
  if (!match) return null;
  return { origin: match[1] as string, size: Number(match[2]), root: Buffer.from(match[3] as string, 'base64') };
}
