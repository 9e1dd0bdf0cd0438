import type { Logger } from '../../log.ts';

/** Socket errors, and PostgreSQL's SQLSTATEs of class 08 (connection) and 57P (shut down, starting up). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|Timeout acquiring a connection|Client has encountered a connection error|the database system is (starting up|shutting down)/;

/** True when `error` (or what it wraps) says the database cannot be reached, not that a query is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { code, message, cause, originalError, previous } = e as Record<string, unknown>;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    e = previous ?? originalError ?? cause;
  }
  return false;
}

/**
 * During a database outage every request fails the same way: one error line when it starts, then one
 * line every `everyMs` with how many failed since, instead of an error line (and a stack) for each.
 */
export function outageReporter(log: Logger, everyMs = 10_000): (where: string) => void {
  let lastAt = 0;
  let since = 0;
  return (where) => {
    const now = Date.now();
    since++;
    if (now - lastAt < everyMs) return;
    log.error({ msg: 'the database does not answer: requests fail until it does', failedRequests: since, where });
    lastAt = now;
    since = 0;
  };
}
