import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import { BadUserInputError, RateLimitedError } from '../../errors/errors.ts';
import { Semaphore, SemaphoreFullError } from '../security/semaphore.ts';
import { hasher } from './hasher.ts';
import { passwordScore } from './password-strength.ts';

/**
 * argon2id at no less than OWASP's minimum (19 MiB, t=2, p=1). The parameters live in each hash;
 * a sign-in re-hashes a password whose hash has weaker parameters than these.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/**
 * A hash takes a whole core while it runs, in a child process at a lower priority (see Hasher): at
 * most one core fewer than the machine has (one on 2 cores, never more than two) hashes at once,
 * so that a sign-in flood leaves a core to the rest of the API; a bounded queue sheds the excess
 * as RATE_LIMITED.
 */
const hashing = new Semaphore(Math.max(1, Math.min(2, availableParallelism() - 1)), 256);

async function limited<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await hashing.run(task);
  } catch (error) {
    if (error instanceof SemaphoreFullError) throw new RateLimitedError(1);
    throw error;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hasher.hash(password, ARGON2_OPTIONS));
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return limited(() => hasher.verify(hash, password).catch(() => false));
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, ARGON2_OPTIONS);
}

/** Verified against when the address is unknown, so that both answers take the same time. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hasher.hash('mixx-dummy-password-for-timing', ARGON2_OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}

/**
 * OWASP ASVS 2.1.1/2.1.2: 12 to 128 characters, any characters. Common and breached passwords are
 * refused against zxcvbn-ts's offline lists (and its patterns: keyboard walks, repeats, dates).
 * `context` holds the member's own words (e-mail, name), which make a guessable password too.
 * `client` (its throttling key) bounds how many checks one client may have waiting.
 */
export async function checkPasswordPolicy(
  password: string,
  field: string,
  context: string[] = [],
  client?: string,
): Promise<void> {
  const length = [...password].length;
  if (length < PASSWORD_MIN) throw new BadUserInputError(`The password must have at least ${PASSWORD_MIN} characters.`, field);
  if (length > PASSWORD_MAX) throw new BadUserInputError(`The password must have at most ${PASSWORD_MAX} characters.`, field);
  if ((await passwordScore(password, context, client)) < 3) {
    throw new BadUserInputError('This password is too common or too easy to guess. Choose another.', field);
  }
}
