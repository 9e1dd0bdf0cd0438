import { createHmac, randomBytes } from 'node:crypto';
import { DayMemo, utcDayOf } from '../common/day-memo.ts';

/**
 * The client address serves diagnostics and throttling only, and only as a keyed hash under a salt
 * that is random, held in memory, and replaced every UTC day (the Plausible technique). The salt is
 * never stored, so yesterday's hashes cannot be linked to today's, nor reversed by brute force over
 * the address space by anyone who later reads a log.
 */
let current: { day: string; salt: Buffer } | undefined;

function saltFor(now: Date): Buffer {
  const day = utcDayOf(now);
  if (current?.day !== day) current = { day, salt: randomBytes(32) };
  return current.salt;
}

const hashes = new DayMemo<string>();

export function hashClientAddress(address: string | undefined, now = new Date()): string {
  const day = utcDayOf(now);
  const client = address ?? 'unknown';
  let hash = hashes.get(day, client);
  if (hash === undefined) {
    hash = createHmac('sha256', saltFor(now)).update(client).digest('base64url').slice(0, 22);
    hashes.set(day, client, hash);
  }
  return hash;
}
