/**
 * npm run catalog:synth -- --tracks 100000 [--seed 42]
 * Replaces the synthetic benchmark catalog in the server's database with one of TARGETS.md's shape
 * (per 100,000 tracks: 5,000 artists, 12,000 releases; 40 genres), scaled to --tracks.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openServerDatabase } from '../src/cli/lib/open-database.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { BENCHMARK_SHAPE, createSyntheticCatalog } from '../src/services/catalog/synth/synthetic-catalog.ts';

const usage = 'usage: npm run catalog:synth -- [--tracks 100000] [--seed 42]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value == null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) fail(`--${name} must be a whole number from 1 to 10000000\n${usage}`);
  return n;
}

let values: { tracks?: string; seed?: string };
try {
  ({ values } = parseArgs({ options: { tracks: { type: 'string' }, seed: { type: 'string' } }, strict: true }));
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
const tracks = positiveInt(values.tracks, 'tracks', BENCHMARK_SHAPE.tracks);
const seed = positiveInt(values.seed, 'seed', 42);
const scale = tracks / BENCHMARK_SHAPE.tracks;
const shape = {
  tracks,
  artists: Math.max(1, Math.round(BENCHMARK_SHAPE.artists * scale)),
  releases: Math.max(1, Math.round(BENCHMARK_SHAPE.releases * scale)),
  genres: BENCHMARK_SHAPE.genres,
};

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  throw error;
}
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
const database = await openServerDatabase(config, log).catch((error) =>
  fail(`cannot open the database: ${(error as Error).message}`),
);
const client = new pg.Client({ connectionString: database.url });
let exitCode = 0;
const started = Date.now();
try {
  await client.connect();
  await client.query('BEGIN');
  await createSyntheticCatalog({
    db: client,
    mediaDir: mediaDirOf(config),
    shape,
    seed,
    onProgress: (step, done, total) => process.stderr.write(`\r${step}: ${done}/${total}   `),
  });
  await client.query('COMMIT');
  // Merges the GIN indexes' pending lists, which slow searches after a bulk insert until vacuumed.
  process.stderr.write('\rvacuuming…                                   ');
  await client.query('VACUUM ANALYZE genre, artist, release, release_genre, track, track_genre, audio_file, search_word');
  process.stderr.write('\n');
  process.stdout.write(
    `Synthetic catalog: ${shape.tracks} tracks, ${shape.artists} artists, ${shape.releases} releases, ${shape.genres} genres (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
} catch (error) {
  await client.query('ROLLBACK').catch(() => {});
  process.stderr.write(`\ncatalog:synth failed: ${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  await client.end().catch(() => {});
  await database.close();
}
process.exit(exitCode);
