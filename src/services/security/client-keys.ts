import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DayMemo, utcDayOf } from '../common/day-memo.ts';

/** A client's throttling keys: under today's salt, and under yesterday's so a block outlives midnight. */
export type ClientKey = { current: string; previous: string };

const DAY_MS = 86_400_000;
/** After Redis failed to answer, each instance salts alone for this long before asking again. */
const RETRY_MS = 60_000;

/**
 * Throttling keys of client addresses: HMACs under a random salt per UTC day, never an address.
 * With Redis, the day's salt is shared through it (`SET NX`, expiring at the end of the next day,
 * when it has served as "yesterday's"), so every instance counts a client under the same key; without
 * Redis it lives in this process only. The salt is random, not derived from MIXX_SECRET: a derived
 * one would let anyone holding the secret and a Redis dump recover IPv4 addresses by brute force
 * long after the day. Log lines use another salt (privacy/client-address.ts), kept per process.
 */
export class ClientKeys {
  private readonly salts = new Map<string, { salt: Promise<Buffer>; retryAt?: number }>();
  /** Today's keys by address: three HMACs a request otherwise (see DayMemo). */
  private readonly keys = new DayMemo<ClientKey>();

  constructor(private readonly opts: { redis?: Redis; prefix: string; onSharedSaltFailed?: () => void }) {}

  async of(address: string | undefined, now = new Date()): Promise<ClientKey> {
    const today = dayOf(now);
    const client = address ?? 'unknown';
    const known = this.keys.get(today, client);
    if (known) return known;
    const yesterday = dayOf(new Date(now.getTime() - DAY_MS));
    const [current, previous] = await Promise.all([this.salt(today, now), this.salt(yesterday, now)]);
    const key = (salt: Buffer) => createHmac('sha256', salt).update(client).digest('base64url').slice(0, 22);
    const keys = { current: key(current), previous: key(previous) };
    // Keys under a stand-in salt (Redis did not answer) change when the shared one comes back.
    if (this.isSettled(today) && this.isSettled(yesterday)) this.keys.set(today, client, keys);
    return keys;
  }

  /**
   * After Redis came back: ask it again. A Redis that restarted empty has lost the salts (and the
   * counters under them): the first instance to ask sets a new one and all take it; one that only
   * lost its connection still holds them, and nothing changes.
   */
  forget(): void {
    this.salts.clear();
    this.keys.clear();
  }

  private isSettled(day: string): boolean {
    const entry = this.salts.get(day);
    return entry !== undefined && entry.retryAt === undefined;
  }

  private salt(day: string, now: Date): Promise<Buffer> {
    const cached = this.salts.get(day);
    if (cached && (cached.retryAt === undefined || cached.retryAt > now.getTime())) return cached.salt;
    for (const known of this.salts.keys()) if (known < dayOf(new Date(now.getTime() - 2 * DAY_MS))) this.salts.delete(known);
    const entry: { salt: Promise<Buffer>; retryAt?: number } = { salt: Promise.resolve(Buffer.alloc(0)) };
    entry.salt = this.load(day).catch(() => {
      entry.retryAt = now.getTime() + RETRY_MS;
      this.opts.onSharedSaltFailed?.();
      return randomBytes(32);
    });
    this.salts.set(day, entry);
    return entry.salt;
  }

  private async load(day: string): Promise<Buffer> {
    const redis = this.opts.redis;
    if (!redis) return randomBytes(32);
    const key = `${this.opts.prefix}salt:${day}`;
    const endOfNextDay = Date.parse(`${day}T00:00:00Z`) + 2 * DAY_MS;
    const ttl = Math.max(60, Math.ceil((endOfNextDay - Date.now()) / 1000));
    await redis.set(key, randomBytes(32).toString('base64'), 'EX', ttl, 'NX');
    const shared = await redis.get(key);
    if (!shared) throw new Error('the shared salt vanished');
    return Buffer.from(shared, 'base64');
  }
}

const dayOf = utcDayOf;
