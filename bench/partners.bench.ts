/**
 * Partner benchmarks of issue 11: the token exchange (authorization code + PKCE for tokens, with
 * client authentication) at 10 connections, p50 and p99. Each code can be exchanged only once, so
 * codes are made first (a member already signed in whose grant covers the scopes: no page is
 * shown), in rounds that stay well inside a code's minute of life; a warm-up round is not counted.
 * Then the scoped GraphQL call: the same `me` query with the partner's access token (scope checks
 * field by field, a disclosure row written before each answer) against the member's own session,
 * at 10 connections, in alternating runs (member, partner, member, partner) so that neither meets
 * the machine's noise alone; the ratio of each pair and their range are reported (target ≥ 0.9×).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as client from 'openid-client';
import { partnerCreateCommand } from '../src/cli/partner-create.command.ts';
import { projectRoot } from '../src/paths.ts';
import { authorizationRequest, authorize, Browser, CALLBACK } from '../test/support/partners.ts';
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
const CONNECTIONS = 10;
const ROUND = 200;
const PASSWORD = 'Bench-password for partners 2026';

export async function partnersBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench_partners');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'bench/members-server.mjs'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...BENCH_COST_BUDGET,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PUBLIC_URL: url,
      MIXX_DATA_DIR: `${projectRoot}/bench/.data/mixx-partners`,
      MIXX_DEMO_CATALOG: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    },
    stdio: 'inherit',
  });
  try {
    await waitFor(`${url}/readyz`);
    const member = await signedInMember(url);
    const created: string[] = [];
    // Payload's idle pool holds no handle: without a timer the event loop could drain mid-command.
    const alive = setInterval(() => {}, 1_000);
    const code = await partnerCreateCommand(
      ['--name', 'Bench Partner', '--redirect-uri', CALLBACK, '--scopes', 'openid profile'],
      { ...process.env, DATABASE_URL: databaseUrl, MIXX_DATA_DIR: `${projectRoot}/bench/.data/mixx-partners` },
      { out: (line) => created.push(line), err: (line) => console.error(line) },
    );
    clearInterval(alive);
    if (code !== 0) throw new Error('partner:create failed');
    const { clientId, clientSecret } = JSON.parse(created[0] as string);
    const config = await client.discovery(new URL(`${url}/oauth`), clientId, undefined, client.ClientSecretBasic(clientSecret), {
      execute: [client.allowInsecureRequests],
    });
    const browser = new Browser(url);
    browser.setCookie('mixx_session', member.token);
    const first = await authorizationRequest(config, 'openid profile');
    await authorize(browser, first.url, member);

    const latencies: number[] = [];
    let exchanged = 0;
    let seconds = 0;
    for (let round = 0; round === 0 || seconds < DURATION; round++) {
      const codes = await makeCodes(config, browser, ROUND);
      const started = performance.now();
      const times = await exchangeAll(url, clientId, clientSecret, codes);
      if (round === 0) continue;
      seconds += (performance.now() - started) / 1000;
      latencies.push(...times);
      exchanged += times.length;
    }
    latencies.sort((a, b) => a - b);
    const exchange: BenchResult = {
      name: `token exchange (code + PKCE), ${CONNECTIONS} connections`,
      rps: Math.round(exchanged / seconds),
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      note: `${exchanged} codes`,
    };
    const [last] = await makeCodes(config, browser, 1);
    const partnerToken = await exchangeOne(url, clientId, clientSecret, last as { code: string; verifier: string });
    return [exchange, ...(await scopedCall(url, member.token, partnerToken))];
  } finally {
    child.kill('SIGTERM');
  }
}

const ME = JSON.stringify({ query: '{ me { id displayName plan } }' });

/**
 * The same `me` query with a member's session and with the partner's token, in alternating short
 * runs (PAIRS of each), so that both meet the same noise; the ratio of each pair, its median and
 * range are reported, and the last pair's latencies.
 */
async function scopedCall(url: string, memberToken: string, partnerToken: string): Promise<BenchResult[]> {
  const PAIRS = 6;
  const run = (token: string) =>
    load({
      url: `${url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: ME,
      connections: CONNECTIONS,
      duration: Math.max(3, Math.round(DURATION / 2)),
    });
  const pairs: { member: Awaited<ReturnType<typeof run>>; partner: Awaited<ReturnType<typeof run>> }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which goes first, too.
    if (i % 2 === 0) pairs.push({ member: await run(memberToken), partner: await run(partnerToken) });
    else {
      const partner = await run(partnerToken);
      pairs.push({ member: await run(memberToken), partner });
    }
  }
  const ratios = pairs.map((p) => p.partner.rps / p.member.rps).sort((a, b) => a - b);
  const median = quantile(ratios, 0.5);
  const last = pairs[pairs.length - 1] as (typeof pairs)[number];
  return [
    { name: `me with a member session, ${CONNECTIONS} connections`, ...last.member },
    {
      name: `me with a partner token (profile), ${CONNECTIONS} connections`,
      ...last.partner,
      ratio: Number(median.toFixed(2)),
      note: `partner/member req/s, median of ${PAIRS} alternating pairs; range ${ratios[0]?.toFixed(2)}-${ratios.at(-1)?.toFixed(2)} (target >= 0.9)`,
    },
  ];
}

async function exchangeOne(url: string, clientId: string, clientSecret: string, code: { code: string; verifier: string }) {
  const authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code.code,
      code_verifier: code.verifier,
      redirect_uri: CALLBACK,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token exchange failed: ${response.status}`);
  return body.access_token;
}

async function signedInMember(url: string) {
  const gql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    }).then((r) => r.json())) as { data: any };
  const ids = await gql('{ t: policy(kind: TERMS) { id } p: policy(kind: PRIVACY) { id } }');
  const email = `bench-partner-${Date.now()}@bench.invalid`;
  await gql('mutation($i: RegisterInput!) { register(input: $i) }', {
    i: { email, password: PASSWORD, displayName: 'Bench', acceptedPolicyVersionIds: [ids.data.t.id, ids.data.p.id] },
  });
  const login = await gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: email,
    p: PASSWORD,
  });
  return { email, password: PASSWORD, token: login.data.login.token as string };
}

async function makeCodes(config: client.Configuration, browser: Browser, count: number) {
  const codes: { code: string; verifier: string }[] = [];
  for (let i = 0; i < count; i++) {
    const request = await authorizationRequest(config, 'openid profile');
    const page = await browser.go(request.url.href);
    const code = page.redirect?.searchParams.get('code');
    if (!code) throw new Error(`no code: ${page.status} ${page.html.slice(0, 200)}`);
    codes.push({ code, verifier: request.verifier });
  }
  return codes;
}

/** The token requests as a partner's server sends them, `CONNECTIONS` at a time; each latency in ms. */
async function exchangeAll(url: string, clientId: string, clientSecret: string, codes: { code: string; verifier: string }[]) {
  const authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < codes.length) {
      const { code, verifier } = codes[next++] as { code: string; verifier: string };
      const started = performance.now();
      const response = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || !body.access_token) throw new Error(`token exchange failed: ${response.status}`);
      times.push(Number((performance.now() - started).toFixed(2)));
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return times;
}
