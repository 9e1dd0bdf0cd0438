/**
 * The sign-in benchmarks of issue 3, each a ratio measured in one run:
 * - login p50/p99 (10 connections);
 * - the p99 of a cheap query while 50 connections flood login, against its p99 at rest (target ≤ 2×);
 * - login latency for an unknown address against a wrong password (target 1.0 ± 0.1);
 * - requestPasswordReset and resendVerificationEmail latency for an unknown address against a
 *   registered one (target 1.0 ± 0.1 each: the answer's time must not tell who is registered).
 */
import { type ChildProcess, spawn } from 'node:child_process';
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

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const MEMBERS = 20;
const PASSWORD = 'Bench-password for sign-in 2026';
const CHEAP = JSON.stringify({ query: '{ policy(kind: TERMS) { version } }' });
const login = (email: string, password: string) =>
  JSON.stringify({
    query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    variables: { e: email, p: password },
  });

export async function membersBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench_members');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'bench/members-server.mjs'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...BENCH_COST_BUDGET,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      MIXX_DATA_DIR: `${projectRoot}/bench/.data/mixx-members`,
      MIXX_DEMO_CATALOG: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    },
    stdio: 'inherit',
  });
  try {
    await waitFor(`${url}/readyz`);
    const emails = await ensureMembers(url);
    const headers = { 'content-type': 'application/json' };
    const graphql = `${url}/graphql`;
    const logins = emails.map((e) => ({ method: 'POST', headers, body: login(e, PASSWORD) }));

    const loginRun = await load({
      url: graphql,
      method: 'POST',
      headers,
      body: logins[0]?.body,
      requests: logins,
      connections: 10,
      duration: DURATION,
    });
    const rest = await load({ url: graphql, method: 'POST', headers, body: CHEAP, connections: 5, duration: DURATION });
    const [flooded] = await Promise.all([
      load({ url: graphql, method: 'POST', headers, body: CHEAP, connections: 5, duration: DURATION }),
      load({
        url: graphql,
        method: 'POST',
        headers,
        body: logins[0]?.body,
        requests: logins,
        connections: 50,
        duration: DURATION + 4,
      }),
    ]);
    // Interleaved, one request at a time, so that both kinds meet the same conditions (the flood's
    // leftover queue, the machine's noise) and neither is measured first.
    const refused = (json: Answer) => json.errors?.[0]?.extensions?.code === 'INVALID_CREDENTIALS';
    const [wrong, unknown] = await interleavedLatency(
      graphql,
      [
        emails.map((e) => login(e, 'Not the password, sorry 1')),
        emails.map((_, i) => login(`nobody-${i}@bench.invalid`, 'Not the password, sorry 1')),
      ],
      refused,
    );
    const accepted = (json: Answer) => json.errors === undefined;
    const [resetKnown, resetUnknown] = await interleavedLatency(
      graphql,
      [
        emails.map((e) => mailRequest('requestPasswordReset', e)),
        emails.map((_, i) => mailRequest('requestPasswordReset', `nobody-${i}@bench.invalid`)),
      ],
      accepted,
    );
    const [resendKnown, resendUnknown] = await interleavedLatency(
      graphql,
      [
        emails.map((e) => mailRequest('resendVerificationEmail', e)),
        emails.map((_, i) => mailRequest('resendVerificationEmail', `nobody-${i}@bench.invalid`)),
      ],
      accepted,
    );
    return [
      { name: 'login, 10 connections', ...loginRun },
      { name: 'cheap query at rest, 5 connections', ...rest },
      {
        name: 'cheap query during a 50-connection login flood',
        ...flooded,
        ratio: flooded.p99 / rest.p99,
        note: 'p99 ratio (target ≤ 2)',
      },
      { name: 'login, wrong password, one client', ...wrong },
      {
        name: 'login, unknown address, one client',
        ...unknown,
        ratio: unknown.p50 / wrong.p50,
        note: 'p50 ratio (target 1.0 ± 0.1)',
      },
      { name: 'password reset, registered address, one client', ...resetKnown },
      {
        name: 'password reset, unknown address, one client',
        ...resetUnknown,
        ratio: resetUnknown.p50 / resetKnown.p50,
        note: 'p50 ratio (target 1.0 ± 0.1)',
      },
      { name: 'resend verification, registered address, one client', ...resendKnown },
      {
        name: 'resend verification, unknown address, one client',
        ...resendUnknown,
        ratio: resendUnknown.p50 / resendKnown.p50,
        note: 'p50 ratio (target 1.0 ± 0.1)',
      },
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

/** Registers the bench members once; they stay in the bench database. */
async function ensureMembers(url: string): Promise<string[]> {
  const ids = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ t: policy(kind: TERMS) { id } p: policy(kind: PRIVACY) { id } }' }),
  }).then((r) => r.json() as Promise<{ data: { t: { id: string }; p: { id: string } } }>);
  const emails = Array.from({ length: MEMBERS }, (_, i) => `bench-${i}@bench.invalid`);
  for (const email of emails) {
    await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: RegisterInput!) { register(input: $i) }',
        variables: {
          i: { email, password: PASSWORD, displayName: 'Bench', acceptedPolicyVersionIds: [ids.data.t.id, ids.data.p.id] },
        },
      }),
    });
  }
  return emails;
}

type Answer = { errors?: { extensions?: { code?: string } }[] };
const mailRequest = (mutation: string, email: string) =>
  JSON.stringify({ query: `mutation($e: String!) { ${mutation}(email: $e) }`, variables: { e: email } });

/** Latencies of each set of bodies, sent one at a time and alternating between the sets. */
async function interleavedLatency(url: string, sets: string[][], isExpected: (answer: Answer) => boolean) {
  const times = sets.map(() => [] as number[]);
  const rounds = 6;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < (sets[0]?.length ?? 0); i++) {
      // Each kind goes first in every other pair: a registered address's mail is prepared after
      // its answer, and slows whichever request comes next; alternating shares that out evenly.
      const order = i % 2 === 0 ? [...sets.entries()] : [...sets.entries()].reverse();
      for (const [k, set] of order) {
        const t = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: set[i] });
        const json = (await res.json()) as Answer;
        if (!isExpected(json)) throw new Error(`unexpected answer: ${JSON.stringify(json)}`);
        if (round > 0) times[k]?.push(performance.now() - t);
      }
    }
  }
  return times.map((list) => {
    list.sort((a, b) => a - b);
    // One client: its requests per second are those its mean latency allows.
    const mean = list.reduce((sum, t) => sum + t, 0) / list.length;
    return {
      rps: 1000 / mean,
      p50: quantile(list, 0.5),
      p95: quantile(list, 0.95),
      p99: quantile(list, 0.99),
    };
  }) as [Stats, Stats];
}

type Stats = { rps: number; p50: number; p95: number; p99: number };
