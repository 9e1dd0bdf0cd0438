// Mixx for the benchmarks: the compiled server (dist/) without the admin, which the measured
// routes never reach, so that a benchmark needs no `next build`. Same config, same /graphql;
// BENCH_COST_ANALYSIS=off leaves the query cost plugin out, to measure what it costs.
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';

process.env.NODE_ENV ??= 'production';
buildIfNeeded({ admin: false });
const { loadConfig } = await import('../dist/src/config.js');
const { createLogger } = await import('../dist/src/log.js');
const { startMixx } = await import('../dist/src/mixx.js');
const config = loadConfig();
const mixx = await startMixx({
  config,
  log: createLogger(config.logLevel),
  withAdmin: false,
  host: '127.0.0.1',
  isCostAnalysed: process.env.BENCH_COST_ANALYSIS !== 'off',
});
if (process.env.BENCH_PROBE === '1') await probe(mixx);
// `npm run bench -- fuzz` (with --expose-gc): a full collection on SIGWINCH, to tell garbage an
// idle process has not collected from memory it holds.
if (process.env.BENCH_COLLECT_ON_SIGNAL === '1') process.on('SIGWINCH', () => globalThis.gc?.());
process.on('SIGTERM', () => mixx.close().then(() => process.exit(0)));

/**
 * For `npm run bench -- profile`: event-loop delay, and the pool's wait (from asking for a
 * connection to getting it), from SIGUSR2 (the end of the warm-up) to SIGTERM, printed to stderr
 * as one line `BENCH_PROBE {json}`.
 */
async function probe(mixx) {
  const { monitorEventLoopDelay, performance } = await import('node:perf_hooks');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const pool = mixx.orm.em.getKnex().client.pool;
  const asked = new Map();
  let waits = [];
  // The measured window, on the clock of the CPU profile's timestamps (monotonic, in µs).
  const now = () => Number(process.hrtime.bigint() / 1000n);
  let from = now();
  pool.on('acquireRequest', (id) => asked.set(id, performance.now()));
  pool.on('acquireSuccess', (id) => {
    const at = asked.get(id);
    asked.delete(id);
    if (at !== undefined) waits.push(performance.now() - at);
  });
  process.on('SIGUSR2', () => {
    from = now();
    waits = [];
    delay.reset();
    delay.enable();
  });
  process.on('SIGTERM', () => {
    const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
    waits.sort((a, b) => a - b);
    const ms = (ns) => Number((ns / 1e6).toFixed(2));
    const report = {
      eventLoopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      poolWait: {
        acquires: waits.length,
        p50: q(waits, 0.5),
        p99: q(waits, 0.99),
        mean: waits.reduce((a, b) => a + b, 0) / (waits.length || 1),
      },
      poolMax: pool.max,
      window: { from, to: now() },
    };
    process.stderr.write(`BENCH_PROBE ${JSON.stringify(report)}\n`);
  });
}
