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
process.on('SIGTERM', () => mixx.close().then(() => process.exit(0)));
