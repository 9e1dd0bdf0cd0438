import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { ensureDatabase } from '../src/database/embedded-postgres.ts';
import { projectRoot } from '../src/paths.ts';

/**
 * How the benchmarks start a Mixx server: the Node flags of `npm start`; BENCH_NODE_FLAGS='--flag …'
 * replaces its memory flags (the semi-space setting) for a run.
 */
export const SERVER_NODE_FLAGS = [
  '--conditions=production',
  ...(process.env.BENCH_NODE_FLAGS?.trim().split(/\s+/) ?? ['--max-semi-space-size=64']),
];

/**
 * The query cost budget of every benchmark's Mixx (README: "Benchmarks"): a bucket no benchmark
 * can empty, 10^15 points refilled at 10^12 a second, so that the load measures serving and never
 * THROTTLED. Cost analysis itself runs in full: the limit, the charge, the refund and
 * `extensions.cost`, which changes from response to response, so answers are compared by `data`.
 */
export const BENCH_COST_BUDGET = { MIXX_COST_BUDGET: '1000000000000000', MIXX_COST_RESTORE_RATE: '1000000000000' };

export type BenchResult = { name: string; rps: number; p50: number; p95?: number; p99: number; ratio?: number; note?: string };

type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type AutocannonResult = {
  requests: { average: number };
  latency: { p50: number; p99: number; p97_5: number };
  errors: number;
  non2xx: number;
  timeouts: number;
};
type Instance = {
  on: (event: 'response', listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void) => void;
};
type Autocannon = (opts: Record<string, unknown>, cb: (error: Error | null, result: AutocannonResult) => void) => Instance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Runs autocannon; `latencies` gets every 2xx response time in ms, unrounded (its histogram keeps whole ms). */
function run(opts: Record<string, unknown>, latencies?: number[]): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    if (latencies) {
      instance.on('response', (_client, statusCode, _bytes, ms) => {
        if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
      });
    }
  });
}

/** The value at quantile q of sorted numbers, to 0.01. */
export function quantile(sorted: readonly number[], q: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return Number(value.toFixed(2));
}

/**
 * Load at a fixed number of connections for `duration` seconds, after a warm-up of a third of it.
 * Any error or non-2xx answer fails the benchmark: a fast wrong answer is no result.
 */
export async function load(opts: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: (Request & { url?: string })[];
  connections: number;
  duration: number;
  /** Seconds of unmeasured load first; a third of `duration` (at least 2) unless given. */
  warmup?: number;
}): Promise<{ rps: number; p50: number; p99: number }> {
  const requests = opts.requests?.map((r) => ({
    method: r.method,
    headers: r.headers,
    body: r.body,
    path: r.path ?? new URL(r.url ?? opts.url).pathname,
  }));
  const base = {
    url: opts.url,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    body: opts.body,
    requests,
    connections: opts.connections,
  };
  const warmup = opts.warmup ?? Math.max(2, Math.round(opts.duration / 3));
  if (warmup > 0) await run({ ...base, duration: warmup });
  const latencies: number[] = [];
  const result = await run({ ...base, duration: opts.duration }, latencies);
  if (result.errors || result.non2xx || result.timeouts) {
    throw new Error(`${opts.url}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  }
  latencies.sort((a, b) => a - b);
  return { rps: result.requests.average, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

export async function waitFor(url: string, child?: { exitCode: number | null }, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server for ${url} exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in time`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function printResults(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    r.rps.toFixed(0),
    `${r.p50}`,
    r.p95 == null ? '' : `${r.p95}`,
    `${r.p99}`,
    r.ratio == null ? '' : r.ratio.toFixed(2),
    r.note ?? '',
  ]);
  const header = ['benchmark', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'ratio', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}\n`);
}

/**
 * BENCH_DATABASE_URL's server, DATABASE_URL's, or the local one: a database of this benchmark's own,
 * its name followed by BENCH_DATABASE_SUFFIX when set (branches with other migrations on one server).
 */
export async function benchDatabase(name: string): Promise<string> {
  const server = new URL(
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  const database = `${name}${process.env.BENCH_DATABASE_SUFFIX ?? ''}`;
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`not a database name: ${database}`);
  server.pathname = '/postgres';
  await ensureDatabase(server.toString(), database);
  server.pathname = `/${database}`;
  return server.toString();
}

/**
 * A server of the benchmarks (`bench/mixx-server.mjs` unless another script is named) on a free
 * port, with the unthrottled bench budget and the bench's log level; resolved once `readyPath`
 * answers. `stop` sends SIGTERM.
 */
export async function startBenchServer(opts: {
  databaseUrl: string;
  script?: string;
  env?: Record<string, string>;
  stdio?: StdioOptions;
  readyPath?: string;
  /** Node's flags; `npm start`'s unless given. */
  nodeFlags?: string[];
  /** The checkout to start it from (another worktree, for a before/after run); this one unless given. */
  tree?: string;
}): Promise<{ url: string; child: ChildProcess; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? SERVER_NODE_FLAGS), opts.script ?? 'bench/mixx-server.mjs'], {
    cwd: opts.tree ?? projectRoot,
    env: {
      ...process.env,
      ...BENCH_COST_BUDGET,
      DATABASE_URL: opts.databaseUrl,
      MIXX_DATA_DIR: `${projectRoot}/bench/.data/mixx`,
      MIXX_DEMO_CATALOG: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      PORT: String(port),
      ...opts.env,
    },
    stdio: opts.stdio ?? 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGTERM');
  };
  try {
    await waitFor(`${url}${opts.readyPath ?? '/readyz'}`, child);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, child, stop };
}

/**
 * A steady CPU competitor: a process that spins for `share` of every 100 ms (a fixed share of one
 * core), as the other tenants of a shared host do. `stop` ends it.
 */
export function startCpuCompetitor(share: number): { stop: () => void } {
  if (!(share > 0 && share <= 1)) throw new Error(`BENCH_COMPETITOR_SHARE must be in (0, 1], not ${share}`);
  const child = spawn(process.execPath, ['bench/cpu-competitor.mjs', String(share)], { cwd: projectRoot, stdio: 'ignore' });
  return { stop: () => child.kill('SIGKILL') };
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** `0.61–0.68` (two decimals), or the one value. */
export const range = (xs: readonly number[], digits = 2) => {
  const lo = Math.min(...xs).toFixed(digits);
  const hi = Math.max(...xs).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
};
