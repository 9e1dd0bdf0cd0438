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

it('still sees through l33t spellings with its substitutions bounded', async () => {
  const scores = await Promise.all(
    [
      'P4$$w0rdP4$$w0rd',
      'p@$$w0rd123456',
      'dr@g0nb@ll',
      'w3lc0m3h0m3',
      'Sup3rM@n2020',
      'M3t@llic@1986!',
      'Tr0ub4dor&3Tr0ub4dor',
    ].map((p) => passwordScore(p, [])),
  );
  expect(scores).toEqual([0, 1, 1, 1, 1, 3, 4]);
  // Dense in characters with l33t readings: scored in one bounded pass.
  expect(await passwordScore("p=wqawlevzq.u1{&i5ih01z.*pco^t'cw&4.cnx7}{.gm/1y{.g'proxtx@z.qovuuamaeqv.ue", [])).toBe(4);
});
