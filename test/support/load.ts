import http from 'node:http';

/**
 * What one request of a load run came to. `cut`: the response had begun (status and headers
 * arrived) and its body did not arrive whole — the failure a clean shutdown must never cause.
 * `refused`: no response at all (connection refused or reset before a byte came back).
 */
export type Outcome = {
  /** When it settled, and how long it took (ms). */
  at: number;
  ms: number;
  kind: 'answered' | 'cut' | 'refused';
  status?: number;
  /** The parsed JSON body, when the response was one. */
  body?: unknown;
  text?: string;
  error?: string;
};

export type LoadRequest = { method?: string; path: string; headers?: Record<string, string>; body?: string };

export type Load = {
  outcomes: Outcome[];
  /** Outcomes recorded since `from` (a time from Date.now()). */
  since: (from: number) => Outcome[];
  /** Resolves once `n` outcomes after `from` satisfy `test`, or rejects after `timeoutMs`. */
  waitFor: (opts: { from?: number; count: number; test: (o: Outcome) => boolean; timeoutMs?: number }) => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * `connections` clients, each on its own keep-alive connection, sending `next()`'s requests one
 * after the other until `stop` (or `maxSeconds`, a bound in case a test forgets). A connection the
 * server closed is opened again for the next request, as clients do.
 */
export function startLoad(opts: {
  url: string;
  connections: number;
  next: (worker: number) => LoadRequest;
  maxSeconds?: number;
  /** Pause after a refused connection, so that a server that is gone is not spun on. */
  backoffMs?: number;
}): Load {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const outcomes: Outcome[] = [];
  const ends = Date.now() + (opts.maxSeconds ?? 300) * 1000;
  let stopped = false;
  const worker = async (index: number) => {
    while (!stopped && Date.now() < ends) {
      const outcome = await send(agent, target, opts.next(index));
      outcomes.push(outcome);
      if (outcome.kind === 'refused' || outcome.status === 503) await new Promise((r) => setTimeout(r, opts.backoffMs ?? 20));
    }
  };
  const workers = Array.from({ length: opts.connections }, (_, i) => worker(i));
  return {
    outcomes,
    since: (from) => outcomes.filter((o) => o.at >= from),
    waitFor: async ({ from = 0, count, test, timeoutMs = 60_000 }) => {
      const deadline = Date.now() + timeoutMs;
      while (outcomes.filter((o) => o.at >= from && test(o)).length < count) {
        if (Date.now() > deadline) throw new Error(`load: fewer than ${count} matching outcomes in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}

/** One request on `agent`, read to its end. */
export function send(agent: http.Agent | false, target: URL, request: LoadRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    let begun = false;
    const started = performance.now();
    const settle = (o: Omit<Outcome, 'at' | 'ms'>) => resolve({ at: Date.now(), ms: performance.now() - started, ...o });
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: request.method ?? (request.body ? 'POST' : 'GET'),
        path: request.path,
        headers: {
          ...(request.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) } : {}),
          ...request.headers,
        },
      },
      (res) => {
        begun = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => settle({ kind: 'cut', status: res.statusCode, error: e.message }));
        res.on('aborted', () => settle({ kind: 'cut', status: res.statusCode, error: 'aborted' }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const length = res.headers['content-length'];
          if (!res.complete || (length !== undefined && Number(length) !== Buffer.byteLength(text))) {
            return settle({ kind: 'cut', status: res.statusCode, text, error: 'incomplete body' });
          }
          let body: unknown;
          if (String(res.headers['content-type'] ?? '').includes('json')) {
            try {
              body = JSON.parse(text);
            } catch {
              return settle({ kind: 'cut', status: res.statusCode, text, error: 'body is not whole JSON' });
            }
          }
          settle({ kind: 'answered', status: res.statusCode, body, text });
        });
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('no answer in 120 s')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (begun) return;
      settle({ kind: 'refused', error: e.code ?? e.message });
    });
    req.end(request.body);
  });
}

/** A GraphQL POST for startLoad. */
export const graphqlRequest = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => ({
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
  headers: { accept: 'application/graphql-response+json', ...headers },
});

/**
 * Why an answer is not a clean error, or undefined when it is: every GraphQL error carries a
 * contract code, and no message names SQL, a stack frame, a file, a host or a driver.
 */
export function uncleanReason(outcome: Outcome, codes: ReadonlySet<string> = CONTRACT_CODES): string | undefined {
  if (outcome.kind !== 'answered') return `not answered: ${outcome.kind} ${outcome.error ?? ''}`;
  const body = outcome.body as { errors?: { message?: string; extensions?: { code?: string } }[] } | undefined;
  if (!body) return `not JSON (status ${outcome.status}): ${outcome.text?.slice(0, 200)}`;
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    if (!code || !codes.has(code)) return `code ${code} is not the contract's`;
    if (INTERNALS.test(error.message ?? '')) return `message shows internals: ${error.message}`;
  }
  const text = outcome.text ?? '';
  if (INTERNALS.test(text.replace(/"(message|code)":"[^"]*"/g, ''))) return `body shows internals: ${text.slice(0, 200)}`;
  return undefined;
}

/** Every `extensions.code` of the contract's error table. */
export const CONTRACT_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'INVALID_CREDENTIALS',
  'INVALID_TOKEN',
  'EMAIL_NOT_VERIFIED',
  'POLICY_ACCEPTANCE_REQUIRED',
  'QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'THROTTLED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PAYMENTS_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'INTERNAL_SERVER_ERROR',
]);

const INTERNALS =
  /\bselect\b|\binsert into\b|\bfrom "|ECONNREFUSED|ECONNRESET|127\.0\.0\.1|::1|\bat [\w.<>]+ \(|\/node_modules\/|\/src\/|\.ts:\d|knex|mikro|postgres|pg_|Timeout acquiring/i;
