/**
 * What query cost analysis costs (TARGETS.md: the catalog page with it on at least 0.95× of it
 * off): two Mixx servers on the 100,000-track bench catalog, one with the cost plugin (limit,
 * charge, refund, extensions.cost; the unthrottled bench budget) and one without, loaded in turn
 * with the catalog page at 50 connections, BENCH_ROUNDS rounds (default 3) whose order alternates;
 * then as many rounds with both loaded at once, 25 connections each.
 */
import { isDeepStrictEqual } from 'node:util';
import { ensureSyntheticCatalog, PAGE_QUERY } from './catalog.bench.ts';
import { type BenchResult, benchDatabase, load, mean, median, startBenchServer } from './support.ts';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

export async function costBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench');
  await ensureSyntheticCatalog(databaseUrl);
  const stops: (() => void)[] = [];
  try {
    const start = async (env: Record<string, string>) => {
      const server = await startBenchServer({ databaseUrl, env });
      stops.push(server.stop);
      return server.url;
    };
    const on = await start({});
    const off = await start({ BENCH_COST_ANALYSIS: 'off' });
    const page = (url: string) => ({
      url: `${url}/graphql`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { first: 50 } }),
    });
    const [withCost, without] = await Promise.all(
      [on, off].map((url) => fetch(page(url).url, page(url)).then((r) => r.json() as Promise<Record<string, any>>)),
    );
    if (!isDeepStrictEqual(withCost?.data, without?.data)) throw new Error('the two servers do not answer the same page');
    if (!withCost?.extensions?.cost || without?.extensions?.cost)
      throw new Error('cost analysis is not on one and off the other');

    const runs: { on: Awaited<ReturnType<typeof load>>; off: Awaited<ReturnType<typeof load>> }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [on, off] : [off, on];
      const [first, second] = [
        await load({ ...page(order[0] as string), connections: CONNECTIONS, duration: DURATION }),
        await load({ ...page(order[1] as string), connections: CONNECTIONS, duration: DURATION }),
      ];
      runs.push(round % 2 ? { on: first, off: second } : { off: first, on: second });
    }
    // The same, both servers loaded at once (half the connections each): drift of the machine's
    // speed between two sequential runs, which alternating only evens out over rounds, then
    // touches both alike, and the ratio is that of their CPU per request.
    const together: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await Promise.all(
        [on, off].map((url) => load({ ...page(url), connections: CONNECTIONS / 2, duration: DURATION })),
      );
      together.push((a as { rps: number }).rps / (b as { rps: number }).rps);
    }
    const offRps = mean(runs.map((r) => r.off.rps));
    const onRps = mean(runs.map((r) => r.on.rps));
    const ratios = runs.map((r) => (r.on.rps / r.off.rps).toFixed(3));
    const { requestedQueryCost, actualQueryCost } = withCost.extensions.cost;
    return [
      {
        name: 'catalog page, cost analysis off',
        rps: offRps,
        p50: median(runs.map((r) => r.off.p50)),
        p99: median(runs.map((r) => r.off.p99)),
      },
      {
        name: 'catalog page, cost analysis on',
        rps: onRps,
        p50: median(runs.map((r) => r.on.p50)),
        p99: median(runs.map((r) => r.on.p99)),
        ratio: onRps / offRps,
        note: `rounds ${ratios.join(' ')}; cost ${requestedQueryCost}/${actualQueryCost} (target ≥ 0.95)`,
      },
      {
        name: `catalog page, cost analysis on / off, side by side (${CONNECTIONS / 2} connections each)`,
        rps: Number.NaN,
        p50: Number.NaN,
        p99: Number.NaN,
        ratio: median(together),
        note: `median of rounds ${together.map((r) => r.toFixed(3)).join(' ')} (target ≥ 0.95)`,
      },
    ];
  } finally {
    for (const stop of stops) stop();
  }
}
