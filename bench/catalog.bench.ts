/**
 * The catalog benchmarks of TARGETS.md and issue 16 on a 100,000-track synthetic catalog:
 * - the catalog page (50 newest tracks with artist, release + genres, genres) at 50 connections,
 *   Mixx's GraphQL against the floor (bare node:http + pg, one prepared json_agg statement), with
 *   both answers checked to be the same data; in BENCH_ROUNDS interleaved rounds (default 4), once
 *   on a quiet machine and once beside a steady CPU competitor (a process spinning for
 *   BENCH_COMPETITOR_SHARE of one core, default 0.5), with req/s ratio, p50, p99 and p99/p50 per
 *   round and as ranges;
 * - a second shape in the same rounds (a search page with artists, releases and tracks);
 * - search latency p50/p95 (one client, varied terms).
 * BENCH_CATALOG_VARIANT=KEY=value[,KEY=value] starts a second Mixx with that environment and
 * measures it in the same rounds (A/B: a change against the server without it, in one run).
 * BENCH_CATALOG_VARIANT_FLAGS='--flag …' does the same for Node's flags: the second Mixx runs with
 * `--conditions=production` and these in place of the semi-space setting of `npm start`.
 * BENCH_CATALOG_BASELINE=<path of another checkout> does the same for code: a second Mixx started
 * from that tree (say `git worktree add ../before HEAD~1`, with this node_modules linked into it),
 * on the same database, measured in the same rounds.
 */
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { projectRoot } from '../src/paths.ts';
import {
  type BenchResult,
  benchDatabase,
  load,
  mean,
  median,
  quantile,
  range,
  startBenchServer,
  startCpuCompetitor,
} from './support.ts';

const CATALOG_TRACKS = 100_000;
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const COMPETITOR_SHARE = Number(process.env.BENCH_COMPETITOR_SHARE ?? 0.5);
const VARIANT = process.env.BENCH_CATALOG_VARIANT;
const VARIANT_FLAGS = process.env.BENCH_CATALOG_VARIANT_FLAGS;
const BASELINE = process.env.BENCH_CATALOG_BASELINE;
/** Each run's unmeasured warm-up, in seconds: the servers are warm after the first round. */
const WARMUP = 2;

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

type Run = Awaited<ReturnType<typeof load>>;
type Contestant = { name: string; request: Parameters<typeof load>[0] };

export async function catalogBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench');
  await ensureSyntheticCatalog(databaseUrl);
  const stops: (() => void)[] = [];
  const started = async (opts: Parameters<typeof startBenchServer>[0]) => {
    const server = await startBenchServer(opts);
    stops.push(server.stop);
    return server.url;
  };
  try {
    const floor = await started({
      databaseUrl,
      script: 'bench/floor-server.mjs',
      nodeFlags: [],
      stdio: 'ignore',
      readyPath: '/?first=1',
    });
    const mixx = await started({ databaseUrl });
    const variant =
      VARIANT || VARIANT_FLAGS
        ? await started({
            databaseUrl,
            env: VARIANT ? parseEnv(VARIANT) : {},
            nodeFlags: VARIANT_FLAGS ? ['--conditions=production', ...VARIANT_FLAGS.trim().split(/\s+/)] : undefined,
          })
        : undefined;
    const baseline = BASELINE ? await started({ databaseUrl, tree: BASELINE }) : undefined;
    const servers = [
      { name: 'Mixx', url: mixx },
      ...(variant ? [{ name: `Mixx ${[VARIANT, VARIANT_FLAGS].filter(Boolean).join(' ')}`, url: variant }] : []),
      ...(baseline ? [{ name: 'Mixx baseline', url: baseline }] : []),
    ];

    const gql = (url: string, query: string, variables: Record<string, unknown>) => ({
      url: `${url}/graphql`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      connections: CONNECTIONS,
      duration: DURATION,
      warmup: WARMUP,
    });
    const theirs = await fetch(`${floor}/?first=50`).then((r) => r.text());
    let sameBytes = true;
    for (const server of servers) {
      const page = gql(server.url, PAGE_QUERY, { first: 50 });
      const mine = await fetch(page.url, page).then((r) => r.text());
      // By `data`: Mixx's answer also carries extensions.cost, which the floor knows nothing of.
      if (!isDeepStrictEqual(JSON.parse(mine).data, JSON.parse(theirs).data))
        throw new Error(`${server.name} and the floor do not answer the same page`);
      sameBytes &&= mine.startsWith(JSON.stringify(JSON.parse(theirs)).slice(0, -1));
    }
    const pages: Contestant[] = [
      { name: 'floor', request: { url: `${floor}/?first=50`, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP } },
      ...servers.map((s) => ({ name: s.name, request: gql(s.url, PAGE_QUERY, { first: 50 }) })),
    ];
    const searches: Contestant[] = servers.map((s) => {
      const requests = SEARCH_TERMS.map((q) => gql(s.url, SEARCH_PAGE_QUERY, { q }));
      return { name: s.name, request: { ...(requests[0] as Contestant['request']), requests } };
    });

    const results: BenchResult[] = [];
    for (const condition of ['quiet', 'loaded'] as const) {
      const competitor = condition === 'loaded' ? startCpuCompetitor(COMPETITOR_SHARE) : undefined;
      const label = condition === 'loaded' ? `loaded (competitor at ${COMPETITOR_SHARE} of a core)` : 'quiet';
      try {
        const rounds: { page: Map<string, Run>; search: Map<string, Run> }[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          rounds.push({ page: await inTurn(pages, round), search: await inTurn(searches, round) });
        }
        results.push(...summarise(label, rounds, sameBytes));
      } finally {
        competitor?.stop();
      }
    }
    const latency = await searchLatency(mixx);
    results.push({
      name: 'search tracks(first: 20), one client',
      rps: latency.rps,
      p50: latency.p50,
      p95: latency.p95,
      p99: latency.p99,
    });
    return results;
  } finally {
    for (const stop of stops) stop();
  }
}

/** One load of each contestant, the order rotated from round to round. */
async function inTurn(contestants: Contestant[], round: number): Promise<Map<string, Run>> {
  const runs = new Map<string, Run>();
  for (let i = 0; i < contestants.length; i++) {
    const c = contestants[(i + round) % contestants.length] as Contestant;
    runs.set(c.name, await load(c.request));
  }
  return runs;
}

const tail = (r: Run) => r.p99 / r.p50;

/** A row per contestant of one round; each but `base` with its req/s ratio to `base`'s. */
function roundRows(what: string, names: string[], runs: Map<string, Run>, base: string): BenchResult[] {
  const baseline = runs.get(base) as Run;
  return names.map((name) => {
    const run = runs.get(name) as Run;
    return {
      name: `${what}: ${name}`,
      ...run,
      ...(name === base ? {} : { ratio: run.rps / baseline.rps }),
      note: `p99/p50 ${tail(run).toFixed(1)}`,
    };
  });
}

/** A row per round and contestant, then the ranges over the rounds. */
function summarise(
  label: string,
  rounds: { page: Map<string, Run>; search: Map<string, Run> }[],
  sameBytes: boolean,
): BenchResult[] {
  const rows: BenchResult[] = [];
  const names = [...(rounds[0]?.page.keys() ?? [])];
  const searchNames = [...(rounds[0]?.search.keys() ?? [])];
  rounds.forEach((round, i) => {
    rows.push(...roundRows(`catalog page, ${label}, round ${i + 1}`, names, round.page, 'floor'));
    rows.push(...roundRows(`search page, ${label}, round ${i + 1}`, searchNames, round.search, 'Mixx'));
  });
  const of = (name: string, pick: (r: { page: Map<string, Run>; search: Map<string, Run> }) => Map<string, Run>) =>
    rounds.map((r) => pick(r).get(name) as Run);
  const floors = of('floor', (r) => r.page);
  for (const name of names.filter((n) => n !== 'floor')) {
    const runs = of(name, (r) => r.page);
    const ratios = runs.map((run, i) => run.rps / (floors[i] as Run).rps);
    rows.push({
      name: `catalog page, ${label}: ${name} / floor`,
      rps: mean(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      ratio: median(ratios),
      note: `ratio ${range(ratios)}; p99/p50 ${range(runs.map(tail), 1)}, floor's ${range(floors.map(tail), 1)} (target ≥ 0.8, ≤ 3); ${sameBytes ? 'same data bytes' : 'same data'}`,
    });
  }
  const mixxSearch = of('Mixx', (r) => r.search);
  for (const name of searchNames) {
    const runs = of(name, (r) => r.search);
    const ratios = runs.map((run, i) => run.rps / (mixxSearch[i] as Run).rps);
    rows.push({
      name: `search page, ${label}: ${name}`,
      rps: mean(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      ...(name === 'Mixx' ? {} : { ratio: median(ratios) }),
      note: `${name === 'Mixx' ? '' : `of Mixx ${range(ratios)}; `}p99/p50 ${range(runs.map(tail), 1)}`,
    });
  }
  return rows;
}

/** `KEY=value,KEY2=value` as an environment. */
function parseEnv(spec: string): Record<string, string> {
  return Object.fromEntries(
    spec.split(',').map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`BENCH_CATALOG_VARIANT: not KEY=value: ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
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
