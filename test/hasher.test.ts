import { getPriority } from 'node:os';
import { expect, it } from 'vitest';
import { hasher } from '../src/services/members/hasher.ts';
import { ARGON2_OPTIONS, hashPassword, needsRehash, verifyPassword } from '../src/services/members/passwords.ts';

it('hashes in a child process at a lower priority, and starts it again after a crash', async () => {
  const hash = await hashPassword('Correct horse battery staple');
  // argon2 0.45 writes the parameters as m,p,t; 0.44 wrote m,t,p: either order reads the same.
  expect(hash).toMatch(/^\$argon2id\$v=19\$(?=[^$]*\bm=19456\b)(?=[^$]*\bt=2\b)(?=[^$]*\bp=1\b)[mtp=0-9,]+\$/);
  expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(true);
  expect(await verifyPassword(hash, 'Correct horse battery stapler')).toBe(false);
  expect(await verifyPassword('not a hash', 'anything')).toBe(false);

  const pid = hasher.pid as number;
  expect(pid).not.toBe(process.pid);
  // Niceness 10, or the parent's own when that is already lower.
  expect(getPriority(pid)).toBe(Math.max(10, getPriority()));

  // A crash fails the work in flight, and the next call gets a new child.
  const inFlight = hasher.hash('killed mid-hash', ARGON2_OPTIONS);
  process.kill(pid, 'SIGKILL');
  await expect(inFlight).rejects.toThrow(/hasher exited/);
  expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(true);
  expect(hasher.pid).not.toBe(pid);
});

it('reads a hash written in argon2 0.44’s parameter order (m,t,p) and asks for no rehash', async () => {
  const stored = '$argon2id$v=19$m=19456,t=2,p=1$/suAaKqJO4RMq5j/nDWPpg$39Xm4h110C/VeUa+YhmfLwdvzVd40PYL8Fv3O5t4s+w';
  expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(true);
  expect(await verifyPassword(stored, 'Correct horse battery stapler')).toBe(false);
  expect(needsRehash(stored)).toBe(false);
});
