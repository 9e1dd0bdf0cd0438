import { describe, expect, it } from 'vitest';
import { CostBudgets, type CostCaller } from './cost-budget.ts';

const secret = 'spec-secret-0123456789-abcdefghijklmnopqrstuv';
const budget = { maximumAvailable: 1000, restoreRate: 50 };

function budgets() {
  const clock = { now: 1_000_000 };
  return { clock, budgets: new CostBudgets({ secret, budget, now: () => clock.now }) };
}
const caller = (key: string, b = budget): CostCaller => ({ key, budget: b });

describe('CostBudgets in memory', () => {
  it('charges, refunds, and refills restoreRate a second up to the maximum', async () => {
    const { clock, budgets: b } = budgets();
    const c = caller('v:one');
    expect(await b.take(c, 120)).toEqual({ isTaken: true, status: { ...budget, currentlyAvailable: 880 } });
    expect(await b.give(c, 100)).toEqual({ ...budget, currentlyAvailable: 980 });
    clock.now += 200; // 10 points
    expect(await b.peek(c)).toEqual({ ...budget, currentlyAvailable: 990 });
    clock.now += 60_000;
    expect(await b.peek(c)).toEqual({ ...budget, currentlyAvailable: 1000 });
    expect(await b.give(c, 500)).toEqual({ ...budget, currentlyAvailable: 1000 });
  });

  it('refuses what the bucket does not hold, taking nothing, and says when it will', async () => {
    const { clock, budgets: b } = budgets();
    const c = caller('v:flood');
    for (let i = 0; i < 9; i++) expect((await b.take(c, 110)).isTaken).toBe(true);
    // 10 left: 100 more points take 2 seconds at 50 a second.
    expect(await b.take(c, 110)).toEqual({ isTaken: false, status: { ...budget, currentlyAvailable: 10 }, waitSeconds: 2 });
    expect(await b.peek(c)).toEqual({ ...budget, currentlyAvailable: 10 });
    clock.now += 2_000;
    expect(await b.take(c, 110)).toEqual({ isTaken: true, status: { ...budget, currentlyAvailable: 0 } });
  });

  it('keeps every caller on a bucket of its own size', async () => {
    const { budgets: b } = budgets();
    const big = { maximumAvailable: 10_000, restoreRate: 500 };
    await b.take(caller('v:a'), 1000);
    expect(await b.peek(caller('v:b'))).toEqual({ ...budget, currentlyAvailable: 1000 });
    expect(await b.take(caller('p:partner', big), 5000)).toMatchObject({ isTaken: true, status: { currentlyAvailable: 5000 } });
  });

  it('forgets buckets once full again, but not those still filling', async () => {
    const { clock, budgets: b } = budgets();
    const big = { maximumAvailable: 1_000_000, restoreRate: 1 };
    await b.take(caller('p:slow', big), 500_000);
    for (let i = 0; i < 10_001; i++) await b.take(caller(`v:${i}`), 1);
    clock.now += 2_000;
    await b.take(caller('v:last'), 1);
    const memory = (b as unknown as { memory: Map<string, unknown> }).memory;
    expect([...memory.keys()].sort()).toEqual(['p:slow', 'v:last']);
    expect(await b.peek(caller('p:slow', big))).toMatchObject({ currentlyAvailable: 500_002 });
  });

  it('keys members by session, partners by client id, visitors by client key, never by a raw id', () => {
    const { budgets: b } = budgets();
    const client = { current: 'today-hash', previous: 'yesterday-hash' };
    const member = { kind: 'member', client, member: {}, session: { id: 'session-1' } } as never;
    const other = { kind: 'member', client, member: {}, session: { id: 'session-2' } } as never;
    const partner = {
      kind: 'partner',
      client,
      member: {},
      grant: { id: 'g', clientId: 'client-abc', partnerId: '1' },
      scopes: new Set(),
      sub: 's',
      settings: { trustedDocumentsOnly: false, costBudget: null },
    } as never;
    expect(b.callerOf({ kind: 'visitor', client })?.key).toBe('v:today-hash');
    const keys = [b.callerOf(member)?.key, b.callerOf(other)?.key, b.callerOf(partner)?.key];
    expect(keys.map((k) => k?.slice(0, 2))).toEqual(['m:', 'm:', 'p:']);
    expect(new Set(keys).size).toBe(3);
    expect(keys.join()).not.toMatch(/session-|client-abc/);
    expect(b.callerOf({ kind: 'system', reason: 'job' })).toBeUndefined();
  });

  it("gives a partner the budget set for it in the admin, refilled in the default's time", () => {
    const { budgets: b } = budgets();
    const partner = (costBudget: number | null) =>
      ({ kind: 'partner', client: { current: 'c', previous: 'c' }, grant: { clientId: 'x' }, settings: { costBudget } }) as never;
    expect(b.callerOf(partner(null))?.budget).toEqual(budget);
    expect(b.callerOf(partner(budget.maximumAvailable / 4))?.budget).toEqual({
      maximumAvailable: budget.maximumAvailable / 4,
      restoreRate: budget.restoreRate / 4,
    });
  });
});
