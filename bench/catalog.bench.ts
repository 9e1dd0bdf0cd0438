/**
 * The catalog benchmarks of TARGETS.md on a 100,000-track synthetic catalog:
 * - the catalog page (50 newest tracks with artist, release + genres, genres) at 50 connections,
 *   Mixx's GraphQL against the floor (bare node:http + pg, one prepared json_agg statement), with
 *   both answers checked to be the same data;
 * - a second shape beside it (a search page with artists, releases and tracks);
 * - search latency p50/p95 (one client, varied terms).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { projectRoot } from '../src/paths.ts';
import {
  BENCH_COST_BUDGET,
  type BenchResult,
  benchDatabase,
  freePort,
  load,
  quantile,
  SERVER_NODE_FLAGS,
  waitFor,
} from './support.ts';

const CATALOG_TRACKS = 100_000;
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

export const PAGE_QUERY =
  'query($first: Int) { tracks(first: $first, orderBy: NEWEST) { edges { node { title artist { name } release { title genres { name } } genres { name } } } } }';
const SEARCH_PAGE_QUERY = `query($q: String) {
  artists(first: 5, search: $q) { edges { node { name trackCount } } }
  releases(first: 10, filter: { search: $q }) { edges { node { title year artist { name } genres { name } } } }
  tracks(first: 20, filter: { search: $q }) { totalCount edges { node { title durationSeconds artist { name } release { title } } } }
}`;
const SEARCH_TERMS = [
  'love',
  'electric dreams',
  'metalicats',
  'beyonce',
  'tonite',
  'golden river',
  'midnight',
  'corazon',
  'silver moon',
  'sweet',
  'crimson wolves',
  'lonely',
  'fire rain',
  'mañana',
  'deja vu',
  'winter',
  'blue sky',
  'goodbye',
  'wild heart',
  'summer night',
  'ghosts',
  'satelites',
  'dance',
  'forever young',
  'broken',
  'über',
  'noel',
  'home',
  'city lights',
  'tomorow',
];

export async function catalogBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench');
  await ensureSyntheticCatalog(databaseUrl);
  const children: ChildProcess[] = [];
  try {
    const mixxPort = await freePort();
    const floorPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...BENCH_COST_BUDGET,
      DATABASE_URL: databaseUrl,
      MIXX_DATA_DIR: `${projectRoot}/bench/.data/mixx`,
      MIXX_DEMO_CATALOG: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    };
    children.push(
      spawn(process.execPath, [...SERVER_NODE_FLAGS, 'bench/mixx-server.mjs'], {
        cwd: projectRoot,
        env: { ...env, PORT: String(mixxPort) },
        stdio: 'inherit',
      }),
    );
    children.push(
      spawn(process.execPath, ['bench/floor-server.mjs'], {
        cwd: projectRoot,
        env: { ...env, PORT: String(floorPort) },
        stdio: 'ignore',
      }),
    );
    const mixx = `http://127.0.0.1:${mixxPort}`;
    const floor = `http://127.0.0.1:${floorPort}`;
    await waitFor(`${mixx}/readyz`, children[0]);
    await waitFor(`${floor}/?first=1`, children[1]);

    const gql = (query: string, variables: Record<string, unknown>) => ({
      url: `${mixx}/graphql`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const page = gql(PAGE_QUERY, { first: 50 });
    const [mine, theirs] = await Promise.all([
      fetch(page.url, page).then((r) => r.text()),
      fetch(`${floor}/?first=50`).then((r) => r.text()),
    ]);
    // By `data`: Mixx's answer also carries extensions.cost, which the floor knows nothing of.
    if (!isDeepStrictEqual(JSON.parse(mine).data, JSON.parse(theirs).data))
      throw new Error('Mixx and the floor do not answer the same page');
    const sameBytes = mine.startsWith(JSON.stringify(JSON.parse(theirs)).slice(0, -1));

    const floorRun = await load({ url: `${floor}/?first=50`, connections: CONNECTIONS, duration: DURATION });
    const mixxRun = await load({ ...page, connections: CONNECTIONS, duration: DURATION });
    const searchRequests = SEARCH_TERMS.map((q) => gql(SEARCH_PAGE_QUERY, { q }));
    const searchRun = await load({
      ...searchRequests[0],
      requests: searchRequests,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    const latency = await searchLatency(mixx);

    return [
      { name: 'catalog page, floor (node:http + pg json_agg)', ...floorRun },
      {
        name: 'catalog page, Mixx GraphQL',
        ...mixxRun,
        ratio: mixxRun.rps / floorRun.rps,
        note: sameBytes ? 'same data bytes' : 'same data',
      },
      { name: 'search page (artists + releases + tracks), Mixx', ...searchRun },
      { name: 'search tracks(first: 20), one client', rps: latency.rps, p50: latency.p50, p95: latency.p95, p99: latency.p99 },
    ];
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

/** p50/p95 of `tracks(filter: { search })` answered one after another, over varied terms. */
async function searchLatency(mixx: string) {
  const query = 'query($q: String) { tracks(first: 20, filter: { search: $q }) { edges { node { title artist { name } } } } }';
  const times: number[] = [];
  const started = performance.now();
  for (let round = 0; round < 12; round++) {
    for (const q of SEARCH_TERMS) {
      const t = performance.now();
      const res = await fetch(`${mixx}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { q } }),
      });
      const body = (await res.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`search failed: ${JSON.stringify(body.errors)}`);
      if (round > 1) times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => quantile(times, p);
  return { rps: (times.length / (performance.now() - started)) * 1000, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** The synthetic catalog is made once and kept in the bench database. */
export async function ensureSyntheticCatalog(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let count = 0;
  try {
    const { rows } = await client.query(`SELECT to_regclass('public.track') IS NOT NULL AS "hasCatalog"`);
    if (rows[0].hasCatalog) {
      count = (await client.query(`SELECT count(*)::int AS n FROM track WHERE source_path LIKE 'synthetic:%'`)).rows[0].n;
    }
  } finally {
    await client.end();
  }
  if (count === CATALOG_TRACKS) return;
  process.stderr.write(`making the ${CATALOG_TRACKS}-track synthetic catalog…\n`);
  const made = spawnSync('npm', ['run', '-s', 'catalog:synth', '--', '--tracks', String(CATALOG_TRACKS)], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, MIXX_DATA_DIR: `${projectRoot}/bench/.data/mixx` },
    stdio: 'inherit',
  });
  if (made.status !== 0) throw new Error('catalog:synth failed');
}
