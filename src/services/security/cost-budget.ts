import type { Redis } from 'ioredis';
import type { Actor } from '../access/actor.ts';
import { deriveKey, hmacHex } from '../crypto/keys.ts';

/** A caller's budget: at most `maximumAvailable` points, refilled by `restoreRate` a second. */
export type Budget = Readonly<{ maximumAvailable: number; restoreRate: number }>;

/** The contract's `throttleStatus`: what the caller's bucket holds now. */
export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

/** Whose bucket an operation is charged to, and how big that bucket is. */
export type CostCaller = Readonly<{ key: string; budget: Budget }>;

export type Taken = { isTaken: true; status: ThrottleStatus } | { isTaken: false; status: ThrottleStatus; waitSeconds: number };

type Level = { available: number; at: number };
type Kept = Level & { budget: Budget };

/**
 * The leaky bucket's arithmetic, one function for memory and (in Lua) for Redis: the level a
 * bucket reaches at `now`, refilled since it was last written, never above its maximum. A bucket
 * never written, or expired, is full.
 */
export function levelAt(level: Level | undefined, now: number, budget: Budget): number {
  if (!level) return budget.maximumAvailable;
  return Math.min(budget.maximumAvailable, level.available + (Math.max(0, now - level.at) * budget.restoreRate) / 1000);
}

/**
 * KEYS[1]: the bucket; ARGV: maximum, restore rate a second, amount, and what to do: `take`
 * (only when the bucket holds the amount), `give` (a refund, up to the maximum) or `peek`.
 * Redis's own clock, so that instances whose clocks differ refill one bucket alike. A full bucket
 * is deleted (absent means full), any other expires when it would be full again. Levels are
 * fractional and travel as strings: Lua numbers returned to Redis lose their fraction.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'a', 't')
local available = max
if state[1] then
  available = math.min(max, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * rate / 1000)
end
if ARGV[4] == 'peek' then return {1, tostring(available)} end
if ARGV[4] == 'take' then
  if amount > available then return {0, tostring(available)} end
  available = available - amount
else
  available = math.min(max, available + amount)
end
if available >= max then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'a', tostring(available), 't', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((max - available) / rate * 1000) + 1000)
end
return {1, tostring(available)}
`;

type Mode = 'take' | 'give' | 'peek';
type BudgetRedis = Redis & { mixxCostBucket: (key: string, ...args: string[]) => Promise<[number, string]> };

/** After Redis failed, buckets are kept in this process for this long before Redis is asked again. */
const RETRY_MS = 10_000;
/** The memory store is swept of full buckets once it holds more than this many. */
const SWEEP_AT = 10_000;

/**
 * The cost budgets of GraphQL callers: one leaky bucket each, in Redis when there is one (a Lua
 * script, so that a check and its charge are one step for every instance), else in this process.
 * While Redis does not answer, buckets are kept in memory (`onRedisFailed` is told), like the
 * throttle's insurance limiter: a caller is then budgeted per instance, never left unbudgeted.
 *
 * Not rate-limiter-flexible, which the throttle uses: its limiters count fixed windows
 * (`points` per `duration`, all back at once when the window ends), while the contract's budget
 * refills continuously, `restoreRate` a second, and reports its level after every request.
 */
export class CostBudgets {
  private readonly memory = new Map<string, Kept>();
  private readonly hashKey: Buffer;
  private redisFailedAt = Number.NEGATIVE_INFINITY;
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly opts: {
      secret: string;
      /** Every caller's budget (MIXX_COST_BUDGET, MIXX_COST_RESTORE_RATE). */
      budget: Budget;
      redis?: Redis;
      prefix?: string;
      onRedisFailed?: () => void;
      now?: () => number;
    },
  ) {
    this.hashKey = deriveKey(opts.secret, 'rate-limit');
    opts.redis?.defineCommand('mixxCostBucket', { numberOfKeys: 1, lua: SCRIPT });
  }

  /**
   * The bucket of an actor: each member session, each partner client (all its members together:
   * the partner's app is the caller), each anonymous client by its key under the day's salt (a new
   * day's salt starts a full bucket, as it starts new throttle counters). Keys are keyed hashes:
   * neither a session id nor an address is written to Redis. Jobs and commands have no bucket.
   */
  callerOf(actor: Actor): CostCaller | undefined {
    const budget = this.opts.budget;
    switch (actor.kind) {
      case 'visitor':
        return { key: `v:${actor.client.current}`, budget };
      case 'member':
        return { key: `m:${this.hash(`session:${actor.session.id}`)}`, budget };
      case 'partner': {
        // One bucket per partner app, for all the members it acts for; its size set in the admin
        // refills in the same time as the default one.
        const size = actor.settings.costBudget;
        const own = size
          ? { maximumAvailable: size, restoreRate: (budget.restoreRate * size) / budget.maximumAvailable }
          : budget;
        return { key: `p:${this.hash(`partner:${actor.grant.clientId}`)}`, budget: own };
      }
      case 'staff':
        return { key: `s:${this.hash(`staff:${actor.staff.id}`)}`, budget };
      case 'system':
        return undefined;
    }
  }

  private hash(value: string): string {
    return hmacHex(this.hashKey, value).slice(0, 32);
  }

  /** Takes `cost` when the bucket holds it; otherwise takes nothing and says how long until it would. */
  async take({ key, budget }: CostCaller, cost: number): Promise<Taken> {
    const { isDone, available } = await this.run('take', key, budget, cost);
    const status = statusOf(budget, available);
    if (isDone) return { isTaken: true, status };
    return { isTaken: false, status, waitSeconds: Math.max(1, Math.ceil((cost - available) / budget.restoreRate)) };
  }

  /** Gives back `amount` (the refund of what an operation did not cost), never above the maximum. */
  async give({ key, budget }: CostCaller, amount: number): Promise<ThrottleStatus> {
    return statusOf(budget, (await this.run(amount > 0 ? 'give' : 'peek', key, budget, amount)).available);
  }

  async peek({ key, budget }: CostCaller): Promise<ThrottleStatus> {
    return statusOf(budget, (await this.run('peek', key, budget, 0)).available);
  }

  private async run(mode: Mode, key: string, budget: Budget, amount: number): Promise<{ isDone: boolean; available: number }> {
    const redis = this.opts.redis as BudgetRedis | undefined;
    if (redis && this.now() - this.redisFailedAt > RETRY_MS) {
      try {
        const [done, available] = await redis.mixxCostBucket(
          `${this.opts.prefix ?? ''}cost:${key}`,
          String(budget.maximumAvailable),
          String(budget.restoreRate),
          String(amount),
          mode,
        );
        return { isDone: done === 1, available: Number(available) };
      } catch {
        this.redisFailedAt = this.now();
        this.opts.onRedisFailed?.();
      }
    }
    return this.inMemory(mode, key, budget, amount);
  }

  private inMemory(mode: Mode, key: string, budget: Budget, amount: number): { isDone: boolean; available: number } {
    const now = this.now();
    let available = levelAt(this.memory.get(key), now, budget);
    if (mode === 'peek') return { isDone: true, available };
    if (mode === 'take') {
      if (amount > available) return { isDone: false, available };
      available -= amount;
    } else available = Math.min(budget.maximumAvailable, available + amount);
    if (available >= budget.maximumAvailable) this.memory.delete(key);
    else {
      this.memory.set(key, { available, at: now, budget });
      if (this.memory.size > SWEEP_AT && now - this.sweptAt > 1000) this.sweep(now);
    }
    return { isDone: true, available };
  }

  /**
   * Forgets buckets that are full again, at most once a second: a flood from many clients must not
   * grow the map for ever, nor make every request walk it.
   */
  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [key, kept] of this.memory) {
      if (levelAt(kept, now, kept.budget) >= kept.budget.maximumAvailable) this.memory.delete(key);
    }
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }
}

/** Whole points, as Shopify reports them; a bucket filling up shows its last whole point. */
function statusOf(budget: Budget, available: number): ThrottleStatus {
  return {
    maximumAvailable: budget.maximumAvailable,
    currentlyAvailable: Math.floor(available),
    restoreRate: budget.restoreRate,
  };
}
