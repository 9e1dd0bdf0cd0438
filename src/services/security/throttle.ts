import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../errors/errors.ts';
import { deriveKey, hmacHex } from '../crypto/keys.ts';
import { type ClientKey, ClientKeys } from './client-keys.ts';

export type ThrottledAction =
  | 'login'
  | 'register'
  | 'resend'
  | 'reset'
  | 'reset-password'
  | 'change-password'
  | 'change-email'
  | 'consent-mail'
  | 'new-visitor'
  | 'staff-login'
  | 'staff-reset';

type Limit = { points: number; seconds: number };
/**
 * - `cooldown`: per account and client (or known device), for operations that send mail: one
 *   mail per window, whoever else is asking for that address.
 * - `pair`: per account and client (or known device): the guessing client slows itself only.
 * - `client`: per client across accounts (credential stuffing, mail to many addresses).
 * - `account`: per account across clients (distributed guessing), for unknown devices only.
 */
export type ActionLimits = Partial<Record<'cooldown' | 'pair' | 'client' | 'account', Limit>>;
export type ThrottleLimits = Record<ThrottledAction, ActionLimits>;
type Scope = keyof ActionLimits;

const hour = 3600;
const mailing = {
  cooldown: { points: 1, seconds: 60 },
  pair: { points: 5, seconds: hour },
  client: { points: 30, seconds: hour },
};
export const DEFAULT_LIMITS: ThrottleLimits = {
  login: { pair: { points: 10, seconds: 600 }, client: { points: 60, seconds: 600 }, account: { points: 100, seconds: hour } },
  register: { ...mailing, account: { points: 5, seconds: hour } },
  resend: { ...mailing, account: { points: 5, seconds: hour } },
  reset: { ...mailing, account: { points: 5, seconds: hour } },
  'reset-password': { client: { points: 30, seconds: 600 } },
  'change-password': {
    pair: { points: 10, seconds: 600 },
    client: { points: 30, seconds: 600 },
    account: { points: 30, seconds: hour },
  },
  'change-email': { ...mailing, account: { points: 5, seconds: 86_400 } },
  'consent-mail': { ...mailing, cooldown: { points: 1, seconds: 300 }, account: { points: 5, seconds: 86_400 } },
  'new-visitor': { client: { points: 30, seconds: hour } },
  'staff-login': {
    pair: { points: 10, seconds: 600 },
    client: { points: 60, seconds: 600 },
    account: { points: 100, seconds: hour },
  },
  'staff-reset': { ...mailing, account: { points: 5, seconds: hour } },
};

/** Who is attempting: the account (an address or id), the client, and a device that signed in to it before. */
export type Attempt = { account?: string; client: ClientKey; knownDevice?: string };

/**
 * Counts attempts so that nobody can lock a member out: a stranger's guesses fill their own pair
 * and client counters, and the account counter, which slows distributed guessing, is skipped for a
 * device that signed in to the account before (its pair is keyed on that device, not on the
 * address it shares with others behind one NAT). A refused attempt counts nothing, so hammering on
 * a block never extends it; counters expire, nothing is ever locked.
 *
 * Keys are keyed hashes only: the account under a key derived from MIXX_SECRET, the client under
 * the day's random salt (ClientKeys), in memory or in Redis. A block outlives midnight: yesterday's
 * counter of a client is added to today's.
 */
export class Throttle {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly key: Buffer;
  /** The Redis connection of the shared counters (REDIS_URL), for the other budgets kept there. */
  readonly redis?: Redis;
  private readonly clients: ClientKeys;
  private readonly limits: ThrottleLimits;
  private closing = false;
  /** Redis was there and went, or was not there at start: the next `ready` is a return. */
  private redisLost = false;

  constructor(opts: {
    secret: string;
    redisUrl?: string;
    prefix?: string;
    limits?: Partial<ThrottleLimits>;
    onSharedSaltFailed?: () => void;
    /** Redis stopped answering (false) or answers again (true): counters move to memory and back. */
    onRedisShared?: (isShared: boolean) => void;
  }) {
    const prefix = opts.prefix ?? 'mixx:';
    this.key = deriveKey(opts.secret, 'rate-limit');
    if (opts.redisUrl) {
      const redis = new Redis(opts.redisUrl, { enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 });
      // ioredis reconnects by itself; its errors are reported once per outage, through `close`.
      redis.on('error', () => {});
      redis.on('ready', () => {
        if (this.redisLost) {
          this.clients.forget();
          opts.onRedisShared?.(true);
        }
        this.redisLost = false;
      });
      redis.on('close', () => {
        if (!this.redisLost && !this.closing) opts.onRedisShared?.(false);
        this.redisLost = true;
      });
      this.redis = redis;
    }
    this.clients = new ClientKeys({ redis: this.redis, prefix, onSharedSaltFailed: opts.onSharedSaltFailed });
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    for (const [action, scopes] of Object.entries(this.limits)) {
      for (const [scope, limit] of Object.entries(scopes)) {
        const options = { keyPrefix: `${prefix}${action}:${scope}`, points: limit.points, duration: limit.seconds };
        const limiter = this.redis
          ? new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(options) })
          : new RateLimiterMemory(options);
        this.limiters.set(`${action}:${scope}`, limiter);
      }
    }
  }

  /**
   * Waits (up to `timeoutMs`) for Redis, so that counters are shared from the first request; until
   * it answers, each instance counts in memory (the insurance limiter). True when shared.
   */
  async ready(timeoutMs = 5_000): Promise<boolean> {
    const redis = this.redis;
    if (!redis) return false;
    if (redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.redisLost = true;
        resolve(false);
      }, timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** The throttling keys of a client address (see ClientKeys). */
  clientKey(address: string | undefined): Promise<ClientKey> {
    return this.clients.of(address);
  }

  accountKey(account: string): string {
    return hmacHex(this.key, account.trim().toLowerCase()).slice(0, 32);
  }

  /** Counts one attempt, or refuses it with RATE_LIMITED and retryAfterSeconds, counting nothing. */
  async attempt(action: ThrottledAction, who: Attempt): Promise<void> {
    const keys = this.keysOf(action, who);
    const waits = await Promise.all(keys.map(({ scope, current, previous }) => this.wait(action, scope, current, previous)));
    const longest = Math.max(0, ...waits);
    if (longest > 0) throw new RateLimitedError(Math.max(1, Math.ceil(longest / 1000)));
    const results = await Promise.allSettled(keys.map(({ scope, current }) => this.limiter(action, scope).consume(current)));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (refused.length === 0) return;
    const notCounted = refused.find((r) => !isLimiterResult(r));
    if (notCounted) throw notCounted;
    // Another request took the last point between the check and the count.
    throw new RateLimitedError(Math.max(1, Math.ceil(Math.max(...refused.map((r) => r.msBeforeNext)) / 1000)));
  }

  /** After a success, the pair starts afresh: a member who finally typed it right is not slowed. */
  async succeeded(action: ThrottledAction, who: Attempt): Promise<void> {
    const pair = this.keysOf(action, who).find((k) => k.scope === 'pair');
    if (!pair) return;
    await Promise.all([pair.current, pair.previous].map((k) => this.limiter(action, 'pair').delete(k)));
  }

  /** Milliseconds until this scope admits another attempt; 0 when it does now. */
  private async wait(action: ThrottledAction, scope: Scope, current: string, previous: string): Promise<number> {
    const limit = this.limits[action][scope] as Limit;
    const limiter = this.limiter(action, scope);
    const [now, before] = await Promise.all([limiter.get(current), previous === current ? null : limiter.get(previous)]);
    const used = (now?.consumedPoints ?? 0) + (before?.consumedPoints ?? 0);
    if (used < limit.points) return 0;
    return Math.max(now?.msBeforeNext ?? 0, before?.msBeforeNext ?? 0, 1);
  }

  private keysOf(action: ThrottledAction, who: Attempt): { scope: Scope; current: string; previous: string }[] {
    const account = who.account === undefined ? undefined : this.accountKey(who.account);
    const device = who.knownDevice ? `d${this.accountKey(who.knownDevice)}` : undefined;
    const pair = (client: string) => `${account}:${device ?? client}`;
    const keys: { scope: Scope; current: string; previous: string }[] = [];
    for (const scope of Object.keys(this.limits[action]) as Scope[]) {
      if (scope === 'client') keys.push({ scope, current: who.client.current, previous: who.client.previous });
      else if (account === undefined) continue;
      else if (scope === 'account') {
        if (!device) keys.push({ scope, current: account, previous: account });
      } else keys.push({ scope, current: pair(who.client.current), previous: pair(who.client.previous) });
    }
    return keys;
  }

  private limiter(action: ThrottledAction, scope: Scope): RateLimiterAbstract {
    return this.limiters.get(`${action}:${scope}`) as RateLimiterAbstract;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.redis?.quit().catch(() => {});
  }
}

function isLimiterResult(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value && 'consumedPoints' in value;
}
