/**
 * Download throughput of a 50 MB file: Mixx's `/downloads/<ticket>` against a plain node:http +
 * fs stream of the same file, both at 1 and 50 concurrent clients, and Mixx's RSS before and at its
 * peak while 50 clients download (it should stay flat: the file is streamed, never buffered).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/paths.ts';
import { BENCH_COST_BUDGET, type BenchResult, freePort, quantile, SERVER_NODE_FLAGS, waitFor } from './support.ts';

const SIZE = 50 * 1024 * 1024;
const dataDir = `${projectRoot}/bench/.data/mixx-downloads`;

export async function downloadsBench(databaseUrl: string): Promise<BenchResult[]> {
  const bytes = randomBytes(SIZE);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const key = `${sha.slice(0, 2)}/${sha}.mp3`;
  const file = path.join(dataDir, 'media', key);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);

  const [mixxPort, fsPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    ...BENCH_COST_BUDGET,
    DATABASE_URL: databaseUrl,
    MIXX_DATA_DIR: dataDir,
    MIXX_DEMO_CATALOG: 'false',
    LOG_LEVEL: 'warn',
  };
  const children: ChildProcess[] = [
    spawn(process.execPath, [...SERVER_NODE_FLAGS, 'bench/members-server.mjs'], {
      cwd: projectRoot,
      env: { ...env, PORT: String(mixxPort) },
      stdio: 'inherit',
    }),
    spawn(process.execPath, ['bench/fs-server.mjs'], {
      cwd: projectRoot,
      env: { ...env, PORT: String(fsPort), BENCH_FILE: file },
      stdio: 'inherit',
    }),
  ];
  try {
    const mixx = `http://127.0.0.1:${mixxPort}`;
    await waitFor(`${mixx}/readyz`);
    const auth = await premiumMember(mixx, databaseUrl, key);
    const trackId = await trackOf(databaseUrl, sha);
    const ticket = async () => {
      const res = await fetch(`${mixx}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query: 'mutation($t: ID!) { requestDownload(trackId: $t) { url } }', variables: { t: trackId } }),
      });
      const body = (await res.json()) as { data: { requestDownload: { url: string } } };
      return body.data.requestDownload.url.replace(/^https?:\/\/[^/]+/, mixx);
    };
    const plain = `http://127.0.0.1:${fsPort}/`;
    const results: BenchResult[] = [];
    for (const clients of [1, 50]) {
      const urls = await Promise.all(Array.from({ length: clients }, ticket));
      const base = await fetchAll(Array.from({ length: clients }, () => plain));
      const rssBefore = rss(children[0]?.pid);
      let peak = rssBefore;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rss(children[0]?.pid));
      }, 100);
      const ours = await fetchAll(urls);
      clearInterval(sampler);
      results.push({
        name: `50 MB download, plain fs stream, ${clients} client(s)`,
        rps: base.mbPerSecond,
        p50: base.p50,
        p99: base.p99,
        note: 'rps column: MB/s',
      });
      results.push({
        name: `50 MB download, Mixx ticket, ${clients} client(s)`,
        rps: ours.mbPerSecond,
        p50: ours.p50,
        p99: ours.p99,
        ratio: ours.mbPerSecond / base.mbPerSecond,
        note: `MB/s ratio (target ≥ 0.9); RSS ${rssBefore} → peak ${peak} MB`,
      });
    }
    return results;
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

/** Downloads every URL at once, reading and discarding the bytes; MB/s over all, ms per file. */
async function fetchAll(urls: string[]) {
  const started = performance.now();
  const times = await Promise.all(
    urls.map(async (url) => {
      const t = performance.now();
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      let received = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) received += chunk.length;
      if (received !== SIZE) throw new Error(`${url}: ${received} bytes`);
      return performance.now() - t;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (p: number) => quantile(times, p);
  return { mbPerSecond: (urls.length * SIZE) / 1024 / 1024 / seconds, p50: at(0.5), p99: at(0.99) };
}

function rss(pid: number | undefined): number {
  if (!pid) return 0;
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/** A verified PREMIUM member (no quota), signed in, and the bench track pointing at the file. */
async function premiumMember(mixx: string, databaseUrl: string, storageKey: string): Promise<Record<string, string>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const sha = storageKey.split('/')[1]?.replace('.mp3', '') as string;
    await db.query(
      `INSERT INTO artist (name, slug, match_key) VALUES ('Bench Artist', 'bench-artist', 'bench artist') ON CONFLICT DO NOTHING`,
    );
    const artist = (await db.query(`SELECT id FROM artist WHERE slug = 'bench-artist'`)).rows[0].id;
    const existing = await db.query('SELECT track_id FROM audio_file WHERE sha256 = $1', [sha]);
    if (!existing.rowCount) {
      const track = (await db.query(`INSERT INTO track (artist_id, title) VALUES ($1, 'Fifty Megabytes') RETURNING id`, [artist]))
        .rows[0].id;
      await db.query(
        `INSERT INTO audio_file (track_id, storage_key, sha256, size_bytes, duration_ms, bitrate_kbps) VALUES ($1, $2, $3, $4, 3276800, 128)`,
        [track, storageKey, sha, SIZE],
      );
    }
    const ids = (await (
      await fetch(`${mixx}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ t: policy(kind: TERMS) { id } p: policy(kind: PRIVACY) { id } }' }),
      })
    ).json()) as { data: { t: { id: string }; p: { id: string } } };
    const email = 'bench-downloads@bench.invalid';
    const password = 'Bench-password for downloads 2026';
    await fetch(`${mixx}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: RegisterInput!) { register(input: $i) }',
        variables: { i: { email, password, displayName: 'Bench', acceptedPolicyVersionIds: [ids.data.t.id, ids.data.p.id] } },
      }),
    });
    await db.query(`UPDATE member SET email_verified_at = now(), plan = 'premium' WHERE email = $1`, [email]);
    const login = (await (
      await fetch(`${mixx}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
          variables: { e: email, p: password },
        }),
      })
    ).json()) as { data: { login: { token: string } } };
    return { authorization: `Bearer ${login.data.login.token}` };
  } finally {
    await db.end();
  }
}

async function trackOf(databaseUrl: string, sha: string): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT track_id FROM audio_file WHERE sha256 = $1', [sha]);
    return Buffer.from(`Track:${rows[0].track_id}`).toString('base64url');
  } finally {
    await db.end();
  }
}
