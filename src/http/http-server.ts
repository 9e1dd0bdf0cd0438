import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { isDatabaseUnavailable, outageReporter } from '../services/common/database-outage.ts';
import { loggableError } from '../services/common/loggable-error.ts';
import { hashClientAddress } from '../services/privacy/client-address.ts';

const READY_TIMEOUT_MS = 1_500;

/**
 * The Fastify app with its own request log: the route pattern (never a query string, which can
 * hold a token), the status, the time, and the client only as a keyed hash under a daily salt.
 */
export function createHttpServer(opts: { config: Config; log: Logger; isReady: () => Promise<boolean> }): FastifyInstance {
  const app = Fastify({
    logger: false,
    trustProxy: trustedProxies(opts.config.trustProxy),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    requestTimeout: 120_000,
  });

  app.register(fastifyCookie);

  // The request log line, when info lines are written (its client hash and timing cost otherwise).
  const logsRequests = opts.log.isLevelEnabled('info');
  app.addHook('onRequest', async (request, reply) => {
    if (!logsRequests) return;
    const started = process.hrtime.bigint();
    reply.raw.once('finish', () => {
      opts.log.info({
        msg: 'request',
        method: request.method,
        route: request.routeOptions.url && request.routeOptions.url !== '/*' ? request.routeOptions.url : pathOf(request.url),
        status: reply.raw.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 100_000n) / 10,
        client: hashClientAddress(request.ip),
      });
    });
  });

  const outage = outageReporter(opts.log);
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
    if (isDatabaseUnavailable(error)) {
      outage(request.routeOptions.url ?? 'http');
      return reply.code(503).send({ error: 'Service unavailable.' });
    }
    opts.log.error({ msg: 'unexpected error in a request', route: request.routeOptions.url, err: loggableError(error) });
    return reply.code(500).send({ error: 'Internal server error.' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    // A database that hangs (a partition, not a refusal) must not hang the probe: not ready after 1.5 s.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    });
    const ready = await Promise.race([opts.isReady().catch(() => false), late]);
    clearTimeout(timer);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
  });
  return app;
}

/**
 * A hop count trusts that many proxies nearest to the server (the socket's peer is hop 0), so the
 * client is the address just before them in X-Forwarded-For; addresses or ranges trust those
 * proxies only. Whatever the client itself wrote further left is never taken.
 */
function trustedProxies(setting: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

/** The path alone, without long opaque segments: query strings and some admin paths carry tokens. */
function pathOf(url: string): string {
  const path = (url.split('?')[0] ?? '/').replace(/[A-Za-z0-9_.~-]{24,}/g, ':token');
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/**
 * The requests whose handlers are still running. Fastify's close waits for open connections only,
 * and a client that hangs up closes its connection while its handler goes on using the database
 * (Fastify then runs neither onSend nor onResponse for it): shutdown waits for these handlers too
 * before it closes the pools. Call before the routes are registered; handlers that return a
 * promise are tracked until it settles, others are left as they are.
 */
export function trackRequests(app: FastifyInstance): { settled: (timeoutMs: number) => Promise<boolean> } {
  let running = 0;
  let waiters: (() => void)[] = [];
  const finished = () => {
    if (--running > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function tracked(this: FastifyInstance, request, reply) {
      const result = handler.call(this, request, reply) as unknown;
      if (!(result instanceof Promise)) return result;
      running++;
      return result.finally(finished);
    };
  });
  return {
    settled: (timeoutMs) =>
      running === 0
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            waiters.push(() => {
              clearTimeout(timer);
              resolve(true);
            });
          }),
  };
}
