import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partnerCreateCommand } from '../src/cli/partner-create.command.ts';
import { hashClientSecret } from '../src/services/partners/client-credentials.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { TEST_SECRET } from './support/mixx.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(() => fresh?.drop());

/** The command behind `npm run partner:create`, with its status and what it printed where. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATABASE_URL: fresh.url, MIXX_SECRET: TEST_SECRET, MIXX_DATA_DIR: os.tmpdir() };
  const code = await partnerCreateCommand(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

it('partner:create prints one line of JSON with the client id and, for a confidential client, its secret (kept only as a hash)', async () => {
  const confidential = await run([
    '--name',
    'Crate Digger',
    '--redirect-uri',
    'https://crates.example/callback',
    '--redirect-uri',
    'https://crates.example/other',
    '--scopes',
    'openid profile downloads:read offline_access',
  ]);
  expect(confidential.code, confidential.err).toBe(0);
  expect(confidential.out).toHaveLength(1);
  const created = JSON.parse(confidential.out[0] as string);
  expect(Object.keys(created)).toEqual(['clientId', 'clientSecret']);
  expect(created.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

  const publicClient = await run([
    '--name',
    'Crate Phone',
    '--redirect-uri',
    'http://localhost:8080/cb',
    '--scopes',
    'openid',
    '--public',
  ]);
  expect(publicClient.code, publicClient.err).toBe(0);
  expect(Object.keys(JSON.parse(publicClient.out[0] as string))).toEqual(['clientId']);

  const db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT p.name, p.client_type, p.client_secret_hash,
              (SELECT array_agg(url ORDER BY _order) FROM cms.partners_redirect_uris WHERE _parent_id = p.id) AS uris,
              (SELECT array_agg(value::text ORDER BY "order") FROM cms.partners_allowed_scopes WHERE parent_id = p.id) AS scopes
         FROM cms.partners p WHERE client_id = $1`,
      [created.clientId],
    );
    expect(rows).toEqual([
      {
        name: 'Crate Digger',
        client_type: 'confidential',
        client_secret_hash: hashClientSecret(created.clientSecret),
        uris: ['https://crates.example/callback', 'https://crates.example/other'],
        scopes: ['openid', 'profile', 'downloads:read', 'offline_access'],
      },
    ]);
    const stored = await db.query('SELECT count(*)::int AS n FROM cms.partners WHERE client_secret_hash = $1', [
      created.clientSecret,
    ]);
    expect(stored.rows[0].n).toBe(0);
  } finally {
    await db.end();
  }
});

it('partner:create refuses bad input with a message and exit 1, creating nothing', async () => {
  const cases: [string[], RegExp][] = [
    [['--name', 'X', '--scopes', 'openid'], /usage/],
    [['--name', 'X', '--redirect-uri', 'https://a.example/cb'], /usage/],
    [['--name', 'X', '--redirect-uri', 'https://a.example/cb', '--scopes', 'openid', '--colour', 'red'], /colour/],
    [['--name', 'X', '--redirect-uri', 'not a url', '--scopes', 'openid'], /Not a URL/],
    [['--name', 'X', '--redirect-uri', 'http://a.example/cb', '--scopes', 'openid'], /https/],
    [['--name', 'X', '--redirect-uri', 'https://a.example/cb#frag', '--scopes', 'openid'], /fragment/],
    [
      ['--name', 'X', '--redirect-uri', 'https://a.example/cb', '--redirect-uri', 'https://b.example/cb', '--scopes', 'openid'],
      /one host/,
    ],
    [['--name', 'X', '--redirect-uri', 'https://a.example/cb', '--scopes', 'profile'], /openid/],
    [['--name', 'X', '--redirect-uri', 'https://a.example/cb', '--scopes', 'openid admin'], /Unknown scope: admin/],
    [['--name', '  ', '--redirect-uri', 'https://a.example/cb', '--scopes', 'openid'], /name/],
  ];
  for (const [args, message] of cases) {
    const result = await run(args);
    expect(result.code, args.join(' ')).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toMatch(message);
  }
  const db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
  try {
    expect((await db.query("SELECT count(*)::int AS n FROM cms.partners WHERE name = 'X'")).rows[0].n).toBe(0);
  } finally {
    await db.end();
  }
});
