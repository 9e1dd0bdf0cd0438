/**
 * npm run bench: the benchmarks of TARGETS.md, never part of `npm test`. Needs a PostgreSQL
 * (BENCH_DATABASE_URL, DATABASE_URL's server, or the local one on 5432) and a 2-core machine to
 * compare with the figures there. BENCH_SECONDS sets each run's length (default 10). Arguments
 * pick some of them: `npm run bench -- catalog downloads` (catalog, cost, fuzz, members, downloads, import, ledger, partners, billing, faults;
 * `profile` only when named).
 * `faults` starts PostgreSQL and Redis servers of its own, and needs `redis-server` on PATH.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/paths.ts';
import { billingBench } from './billing.bench.ts';
import { catalogBench } from './catalog.bench.ts';
import { costBench } from './cost.bench.ts';
import { downloadsBench } from './downloads.bench.ts';
import { faultsBench } from './faults.bench.ts';
import { fuzzBench } from './fuzz.bench.ts';
import { importBench } from './import.bench.ts';
import { ledgerBench } from './ledger.bench.ts';
import { membersBench } from './members.bench.ts';
import { partnersBench } from './partners.bench.ts';
import { profileBench } from './profile.bench.ts';
import { benchDatabase, printResults } from './support.ts';

/**
 * What a run's ratios depend on beside the code: the servers run on this Node (`process.execPath`;
 * put Node 24 first on PATH to measure it), and other processes' load moves every figure.
 */
const machine = () => ({
  node: process.version,
  cores: os.availableParallelism(),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
});
const atStart = machine();
const picked = new Set(process.argv.slice(2));
const wanted = (name: string) => picked.size === 0 || picked.has(name);
const results = [
  ...(wanted('catalog') ? await catalogBench() : []),
  ...(wanted('cost') ? await costBench() : []),
  ...(wanted('fuzz') ? await fuzzBench() : []),
  ...(wanted('members') ? await membersBench() : []),
  ...(wanted('downloads') ? await downloadsBench(await benchDatabase('mixx_bench_members')) : []),
  ...(wanted('import') ? await importBench() : []),
  ...(wanted('ledger') ? await ledgerBench() : []),
  ...(wanted('partners') ? await partnersBench() : []),
  ...(wanted('billing') ? await billingBench() : []),
  ...(wanted('faults') ? await faultsBench() : []),
  ...(picked.has('profile') ? await profileBench() : []),
];
printResults(results);
const atEnd = machine();
console.log(
  `Node ${atStart.node}, ${atStart.cores} cores; load average (1, 5, 15 min) ${atStart.loadAverage.join(' ')} at the start, ${atEnd.loadAverage.join(' ')} at the end`,
);
const dir = path.join(projectRoot, 'bench', '.data');
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, 'results.json'),
  `${JSON.stringify({ at: new Date().toISOString(), machine: { ...atStart, loadAverageAtEnd: atEnd.loadAverage }, results }, null, 2)}\n`,
);
process.exit(0);
