import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../schema/errors/rate-limited.error.ts';
import { deriveKey, hmacHex } from '../crypto/keys.ts';

export type ThrottledAction = 'login' | 'register' | 'resend' | 'reset' | 'change-password' | 'staff-login' | 'staff-reset';

type Limit = { points: number; seconds: number };
export type ThrottleLimits = Record<ThrottledAction, { pair: Limit; client: Limit; account: Limit }>;

/**
 * Per pair of account and client first: a guesser from elsewhere slows down only their own pair,
 * so nobody can lock a member out. Per client across accounts (credential stuffing) and per account
 * across clients (distributed guessing) with wider limits. Counters expire; nothing is locked.
 */
export const DEFAULT_LIMITS: ThrottleLimits = {
  login: { pair: { points: 10, seconds: 600 }, client: { points: 60, seconds: 600 }, account: { points: 100, seconds: 3600 } },
  register: { pair: { points: 3, seconds: 3600 }, client: { points: 20, seconds: 3600 }, account: { points: 5, seconds: 3600 } },
  resend: { pair: { points: 3, seconds: 3600 }, client: { points: 20, seconds: 3600 }, account: { points: 5, seconds: 3600 } },
  reset: { pair: { points: 3, seconds: 3600 }, client: { points: 20, seconds: 3600 }, account: { points: 5, seconds: 3600 } },
  'change-password': {
    pair: { points: 10, seconds: 600 },
    client: { points: 30, seconds: 600 },
    account: { points: 30, seconds: 3600 },
  },
  // Staff sign in and ask for reset links through Payload's REST API (src/cms/hooks, src/cms/endpoints).
  'staff-login': {
    pair: { points: 10, seconds: 600 },
    client: { points: 60, seconds: 600 },
    account: { points: 100, seconds: 3600 },
  },
  'staff-reset': {
    pair: { points: 3, seconds: 3600 },
    client: { points: 20, seconds: 3600 },
    account: { points: 5, seconds: 3600 },
  },
};

/**
 * Counter keys are keyed hashes: the account under a key derived from MIXX_SECRET, the client
 * already hashed under the daily salt (privacy/client-address.ts). No raw address or e-mail is
 * ever a key, in memory or in Redis.
 */
export class Throttle {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly key: Buffer;
  private readonly redis?: Redis;

  constructor(opts: { secret: string; redisUrl?: string; limits?: Partial<ThrottleLimits> }) {
    this.key = deriveKey(opts.secret, 'rate-limit');
    if (opts.redisUrl)
      this.redis = new Redis(opts.redisUrl, { enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 });
    const limits = { ...DEFAULT_LIMITS, ...opts.limits };
    for (const [action, scopes] of Object.entries(limits)) {
      for (const [scope, limit] of Object.entries(scopes)) {
        const options = { keyPrefix: `mixx:${action}:${scope}`, points: limit.points, duration: limit.seconds };
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
      const timer = setTimeout(() => resolve(false), timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  accountKey(account: string): string {
    return hmacHex(this.key, account.trim().toLowerCase()).slice(0, 32);
  }

  /** Counts one attempt; RATE_LIMITED with retryAfterSeconds once any of the three is used up. */
  async attempt(action: ThrottledAction, who: { account: string; client: string }): Promise<void> {
    const account = this.accountKey(who.account);
    const keys = { pair: `${account}:${who.client}`, client: who.client, account };
    const results = await Promise.allSettled(
      (['pair', 'client', 'account'] as const).map((scope) => this.limiter(action, scope).consume(keys[scope])),
    );
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (refused.length === 0) return;
    const waits = refused.map((r) => (r instanceof RateLimiterRes ? r.msBeforeNext : 1000));
    if (refused.some((r) => !(r instanceof RateLimiterRes))) throw refused.find((r) => !(r instanceof RateLimiterRes));
    throw new RateLimitedError(Math.max(1, Math.ceil(Math.max(...waits) / 1000)));
  }

  /** After a success, the pair starts afresh: a member who finally typed it right is not slowed. */
  async succeeded(action: ThrottledAction, who: { account: string; client: string }): Promise<void> {
    await this.limiter(action, 'pair').delete(`${this.accountKey(who.account)}:${who.client}`);
  }

  private limiter(action: ThrottledAction, scope: 'pair' | 'client' | 'account'): RateLimiterAbstract {
    return this.limiters.get(`${action}:${scope}`) as RateLimiterAbstract;
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => {});
  }
}
