/**
 * Where the catalog page's time goes (issue 16): the benchmark's Mixx under the catalog page at 50
 * connections, once, with `--cpu-prof` and `--trace-gc`, and the server's probe (event-loop delay,
 * the pool's wait for a connection; see bench/mixx-server.mjs). Reports, per request: CPU by part
 * of the stack (self time of the profile's samples), the top functions, GC count and pauses, the
 * event-loop delay, the pool wait, and the bytes of one answer. The profile is kept in
 * bench/.data/profile/ (open it in Chrome's DevTools).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths.ts';
import { ensureSyntheticCatalog, PAGE_QUERY } from './catalog.bench.ts';
import { type BenchResult, benchDatabase, load, SERVER_NODE_FLAGS, startBenchServer } from './support.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** The part of the stack a frame belongs to: a package, Mixx's own code, Node, or V8's own work. */
function partOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/dist/src/')) return 'mixx';
  return url;
}

export async function profileBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench');
  await ensureSyntheticCatalog(databaseUrl);
  const dir = path.join(projectRoot, 'bench', '.data', 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startBenchServer({
    databaseUrl,
    nodeFlags: [...SERVER_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${dir}`, '--trace-gc'],
    env: { BENCH_PROBE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  server.child.stdout?.on('data', (d) => {
    stdout += d;
  });
  server.child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const request = {
    url: `${server.url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE_QUERY, variables: { first: 50 } }),
  };
  const answer = await fetch(request.url, request);
  const bytes = (await answer.arrayBuffer()).byteLength;
  // Warm-up, then the measured run: the probe and the GC count start at SIGUSR2.
  await load({ ...request, connections: CONNECTIONS, duration: 3, warmup: 1 });
  const gcBefore = stdout.length;
  server.child.kill('SIGUSR2');
  const measured = await load({ ...request, connections: CONNECTIONS, duration: DURATION, warmup: 0 });
  const requests = measured.rps * DURATION;
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.stop();
  await exited;

  const probe = JSON.parse(stderr.match(/BENCH_PROBE (\{.*\})/)?.[1] ?? '{}');
  const gcLines = stdout.slice(gcBefore).split('\n');
  const pauses = (kind: RegExp) =>
    gcLines.filter((l) => kind.test(l)).map((l) => Number(l.match(/, ([\d.]+) \/ [\d.]+ ms/)?.[1] ?? 0));
  const scavenges = pauses(/Scavenge/);
  const markCompacts = pauses(/Mark-Compact|Mark-sweep/);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no CPU profile');
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  // Self time of each sample inside the measured window (the profile covers the server's whole life).
  const window = probe.window as { from: number; to: number };
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPart = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let at = profile.startTime;
  for (const [i, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[i + 1] ?? 0; // until the next sample
    at += profile.timeDeltas[i] ?? 0;
    if (at < window.from || at > window.to) continue;
    const node = nodeById.get(id) as ProfileNode;
    const { functionName, url, lineNumber } = node.callFrame;
    const part = partOf(url, functionName);
    const ms = delta / 1000;
    byPart.set(part, (byPart.get(part) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${part}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const busy = sum([...byPart].filter(([part]) => part !== '(idle)').map(([, ms]) => ms));
  const perRequest = (ms: number) => ms / requests;
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n);
  const row = (name: string, ms: number): BenchResult => ({
    name,
    rps: Number.NaN,
    p50: Number.NaN,
    p99: Number.NaN,
    note: `${((100 * ms) / busy).toFixed(1)} % of CPU, ~${(perRequest(ms) * 1000).toFixed(0)} µs a request`,
  });
  return [
    {
      name: `profile: catalog page, ${CONNECTIONS} connections, ${DURATION} s`,
      rps: measured.rps,
      p50: measured.p50,
      p99: measured.p99,
      note: `CPU ${(perRequest(busy) * 1000).toFixed(0)} µs a request, ${((busy / ((window.to - window.from) / 1000)) * 100).toFixed(0)} % of one core (profiled, so slower than the catalog bench); answer ${bytes} bytes`,
    },
    {
      name: 'profile: GC in the measured run',
      rps: Number.NaN,
      p50: Number.NaN,
      p99: Number.NaN,
      note: `${scavenges.length} scavenges (${sum(scavenges).toFixed(0)} ms), ${markCompacts.length} mark-compacts (${sum(markCompacts).toFixed(0)} ms); ${(sum([...scavenges, ...markCompacts]) / requests).toFixed(3)} ms a request`,
    },
    {
      name: 'profile: event-loop delay',
      rps: Number.NaN,
      p50: probe.eventLoopDelay?.p50,
      p99: probe.eventLoopDelay?.p99,
      note: `max ${probe.eventLoopDelay?.max} ms`,
    },
    {
      name: `profile: pool wait (pool of ${probe.poolMax})`,
      rps: Number.NaN,
      p50: Number(probe.poolWait?.p50?.toFixed(2)),
      p99: Number(probe.poolWait?.p99?.toFixed(2)),
      note: `${probe.poolWait?.acquires} acquires, mean ${probe.poolWait?.mean?.toFixed(2)} ms`,
    },
    ...top(byPart, 12).map(([part, ms]) => row(`profile part: ${part}`, ms)),
    ...top(byFunction, 15).map(([name, ms]) => row(`profile fn: ${name}`, ms)),
  ];
}
