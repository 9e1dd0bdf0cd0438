import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle.ts';

const limits = {
  login: { pair: { points: 2, seconds: 60 }, client: { points: 100, seconds: 60 }, account: { points: 4, seconds: 60 } },
};
const throttle = () => new Throttle({ secret: 'spec-secret-0123456789-abcdefghijklmnopqrstuv', limits });
const client = (current: string, previous = `${current}-yesterday`) => ({ current, previous });
const limited = { extensions: { code: 'RATE_LIMITED' } };

describe('Throttle', () => {
  it('slows the guessing pair, then the account for unknown devices only', async () => {
    const t = throttle();
    const account = 'member@example.org';
    await t.attempt('login', { account, client: client('stranger') });
    await t.attempt('login', { account, client: client('stranger') });
    await expect(t.attempt('login', { account, client: client('stranger') })).rejects.toMatchObject(limited);
    await t.attempt('login', { account, client: client('second stranger') });
    await t.attempt('login', { account, client: client('second stranger') });
    // The account limit (4) is full: any other unknown client waits…
    await expect(t.attempt('login', { account, client: client('member on a new phone') })).rejects.toMatchObject(limited);
    // …but a device that signed in before passes, even behind the stranger's own address.
    await t.attempt('login', { account, client: client('stranger'), knownDevice: 'device-of-the-member' });
    await t.close();
  });

  it('counts nothing for a refused attempt, so hammering on a block never extends it', async () => {
    const t = throttle();
    const who = { account: 'hammered@example.org', client: client('hammer') };
    await t.attempt('login', who);
    await t.attempt('login', who);
    for (let i = 0; i < 20; i++) await expect(t.attempt('login', who)).rejects.toMatchObject(limited);
    // The account counter saw the two counted attempts only: two more unknown clients still pass.
    await t.attempt('login', { account: who.account, client: client('other one') });
    await t.attempt('login', { account: who.account, client: client('other two') });
    await t.close();
  });

  it('keeps a block across midnight: yesterday’s counter of the client adds to today’s', async () => {
    const t = throttle();
    const account = 'midnight@example.org';
    await t.attempt('login', { account, client: client('before midnight') });
    await t.attempt('login', { account, client: client('before midnight') });
    // After midnight the same address hashes to a new key; its previous key is the one above.
    await expect(t.attempt('login', { account, client: client('after midnight', 'before midnight') })).rejects.toMatchObject(
      limited,
    );
    await t.close();
  });

  it('answers retryAfterSeconds with the time left in the window', async () => {
    const t = throttle();
    const who = { account: 'retry@example.org', client: client('retry') };
    await t.attempt('login', who);
    await t.attempt('login', who);
    const error = await t.attempt('login', who).catch((e) => e);
    expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
    await t.close();
  });
});
