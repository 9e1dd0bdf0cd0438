import { createHmac, randomBytes } from 'node:crypto';

/**
 * The client address serves diagnostics and throttling only, and only as a keyed hash under a salt
 * that is random, held in memory, and replaced every UTC day (the Plausible technique). The salt is
 * never stored, so yesterday's hashes cannot be linked to today's, nor reversed by brute force over
 * the address space by anyone who later reads a log.
 */
let current: { day: string; salt: Buffer } | undefined;

function saltFor(now: Date): Buffer {
  const day = now.toISOString().slice(0, 10);
  if (current?.day !== day) current = { day, salt: randomBytes(32) };
  return current.salt;
}

export function hashClientAddress(address: string | undefined, now = new Date()): string {
  return createHmac('sha256', saltFor(now))
    .update(address ?? 'unknown')
    .digest('base64url')
    .slice(0, 22);
}
