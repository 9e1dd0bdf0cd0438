/**
 * 10,000 fuzzed GraphQL documents (TARGETS.md: no 5xx, no internals in any message, each under
 * 2 s, RSS back within 10 %): generated from the schema by test/support/graphql-fuzz.ts (valid
 * ones with random variables, mutated, malformed; anonymous and with a member's session), sent at
 * 4 connections to Mixx as a process on the demo catalog. Reports the slowest answer and the
 * server's RSS before the run (after a warm-up of a tenth as many others) and after it, once idle,
 * and both again after a full collection (the server exposes one to the benchmark only). FUZZ_DOCUMENTS and FUZZ_SEED as in the test;
 * BENCH_COST_ANALYSIS=off runs it without the cost plugin, to tell what the plugin adds.
 */
import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { projectRoot } from '../src/paths.ts';
import { type FuzzAnswer, type FuzzRequest, fuzzRequests, problemOf, sendFuzz } from '../test/support/graphql-fuzz.ts';
import { type BenchResult, benchDatabase, quantile, SERVER_NODE_FLAGS, startBenchServer } from './support.ts';

const COUNT = Number(process.env.FUZZ_DOCUMENTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));
const CONNECTIONS = 4;

export async function fuzzBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench_fuzz');
  const { url, child, stop } = await startBenchServer({
    databaseUrl,
    env: { MIXX_DATA_DIR: `${projectRoot}/bench/.data/mixx-fuzz`, MIXX_DEMO_CATALOG: 'true', BENCH_COLLECT_ON_SIGNAL: '1' },
    // Only so that the benchmark can ask for a full collection (SIGWINCH, bench/mixx-server.mjs).
    nodeFlags: [...SERVER_NODE_FLAGS, '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const gql = async (query: string, variables?: Record<string, unknown>, token?: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data: any; errors?: unknown[] };
    };
    const email = `fuzz-${randomInt(1e9)}@bench.invalid`;
    const password = `Bench fuzzing ${randomInt(1e9)} password`;
    const policies = await gql('{ t: policy(kind: TERMS) { id } p: policy(kind: PRIVACY) { id } }');
    const input = {
      email,
      password,
      displayName: 'Fuzzing member',
      acceptedPolicyVersionIds: [policies.data.t.id, policies.data.p.id],
    };
    await gql('mutation($i: RegisterInput!) { register(input: $i) }', { i: input });
    const token = (
      await gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password })
    ).data.login.token as string;
    const known = await gql(
      '{ tracks(first: 20) { edges { node { id artist { id } release { id } genres { id } } } } me { id } }',
      {},
      token,
    );
    const ids =
      JSON.stringify(known.data)
        .match(/"id":"([^"]+)"/g)
        ?.map((m) => m.slice(6, -1)) ?? [];
    const schema = buildClientSchema((await gql(getIntrospectionQuery())).data);

    const generated = performance.now();
    const warmUp = fuzzRequests({ schema, pools: { ids, emails: [email] }, count: Math.ceil(COUNT / 10), seed: SEED + 1 });
    const requests = fuzzRequests({ schema, pools: { ids, emails: [email] }, count: COUNT, seed: SEED });
    const generation = performance.now() - generated;
    const problems: string[] = [];
    const send = async (batch: FuzzRequest[]) => {
      const answers: (FuzzAnswer & { request: FuzzRequest; at: number })[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (next < batch.length) {
            const request = batch[next++] as FuzzRequest;
            const at = performance.now() - started;
            const answer = await sendFuzz(url, request, token);
            answers.push({ ...answer, request, at });
            const problem = problemOf(answer, { isCostExpected: process.env.BENCH_COST_ANALYSIS !== 'off' });
            if (problem)
              problems.push(`${problem}: ${(request.body ?? request.search ?? '').slice(0, 300)} → ${answer.text.slice(0, 300)}`);
          }
        }),
      );
      return { answers, seconds: (performance.now() - started) / 1000 };
    };
    // RSS is compared in the steady state, not against a server that has not yet sized its heap
    // and filled its caches: a tenth as many other documents first, then 10 s idle.
    await send(warmUp);
    const idle = () => new Promise((r) => setTimeout(r, 10_000));
    await idle();
    const rssBefore = rssOf(child);
    const collectedBefore = await collectedRssOf(child);
    const { answers, seconds } = await send(requests);
    // V8 gives memory back once the process has been idle a while (its memory reducer): sampled
    // every 10 s for up to a minute, until it is back within 10 %.
    const samples: number[] = [];
    while (samples.length < 6 && (samples.length === 0 || (samples.at(-1) as number) > rssBefore * 1.1)) {
      await idle();
      samples.push(rssOf(child));
    }
    const rssAfter = samples.at(-1) as number;
    // An idle Node process does not collect: what it keeps is either garbage or held. A full
    // collection, asked for here as a bench-only signal, tells them apart.
    const collectedAfter = await collectedRssOf(child);
    if (problems.length) {
      process.stderr.write(`fuzz (seed ${SEED}): ${problems.length} problems, the first:\n${problems.slice(0, 5).join('\n')}\n`);
      throw new Error(`fuzz: ${problems.length} answers broke a rule (seed ${SEED})`);
    }
    const times = answers.map((a) => a.ms).sort((a, b) => a - b);
    const slowest = answers.reduce((a, b) => (b.ms > a.ms ? b : a));
    for (const a of [...answers].sort((x, y) => y.ms - x.ms).slice(0, Number(process.env.FUZZ_SHOW_SLOWEST ?? 3))) {
      process.stderr.write(
        `slow: ${a.ms.toFixed(0)} ms at ${(a.at / 1000).toFixed(1)} s, ${a.request.kind} ${(a.request.body ?? a.request.search ?? '').slice(0, 400)} → ${a.text.slice(0, 160)}\n`,
      );
    }
    const executed = answers.filter((a) => a.text.startsWith('{"data":')).length;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    const kinds = (kind: FuzzRequest['kind']) => answers.filter((a) => a.request.kind === kind).length;
    return [
      {
        name: `fuzz: ${COUNT} documents (${kinds('valid')} valid, ${kinds('mutated')} mutated, ${kinds('malformed')} malformed), seed ${SEED}`,
        rps: COUNT / seconds,
        p50: quantile(times, 0.5),
        p99: quantile(times, 0.99),
        note:
          `slowest ${slowest.ms.toFixed(0)} ms (${slowest.request.kind}, target < 2000); RSS ${mb(rssBefore)} → ${samples.map(mb).join(' → ')} MB, 10 s apart ` +
          `(${(((rssAfter - rssBefore) / rssBefore) * 100).toFixed(1)} %, target within 10 %); after a full collection ${mb(collectedBefore)} → ` +
          `${mb(collectedAfter)} MB (${(((collectedAfter - collectedBefore) / collectedBefore) * 100).toFixed(1)} %); ${executed} with data; no 5xx, no internals; ` +
          `generated in ${(generation / 1000).toFixed(1)} s`,
      },
    ];
  } finally {
    stop();
  }
}

/** The resident set after two full collections a second apart (V8 shrinks its young generation on the second). */
async function collectedRssOf(child: ChildProcess): Promise<number> {
  for (let i = 0; i < 2; i++) {
    child.kill('SIGWINCH');
    await new Promise((r) => setTimeout(r, 1000));
  }
  return rssOf(child);
}

/** The resident set of a child process (Linux), in bytes. */
function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}
