import { expect, it } from 'vitest';
import { passwordScore } from './password-strength.ts';

it('lets one client have four checks waiting and refuses more, while other clients go on', async () => {
  const password = 'correct horse battery staple and then some';
  const flood = Array.from({ length: 7 }, () =>
    passwordScore(password, [], 'flooding client').then(
      () => 'scored',
      (e) => e.extensions?.code,
    ),
  );
  const other = passwordScore(password, [], 'another client');
  expect(await Promise.all(flood)).toEqual([...Array(4).fill('scored'), ...Array(3).fill('RATE_LIMITED')]);
  expect(await other).toBeGreaterThanOrEqual(3);
  // Once answered, the client may ask again.
  expect(await passwordScore(password, [], 'flooding client')).toBeGreaterThanOrEqual(3);
});
