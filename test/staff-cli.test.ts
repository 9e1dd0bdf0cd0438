import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { staffCreateCommand } from '../src/cli/staff-create.command.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { TEST_SECRET } from './support/mixx.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(() => fresh?.drop());

/** The command behind `npm run staff:create`, with its status and what it printed. */
async function run(args: string[]) {
  const lines: string[] = [];
  const env = { DATABASE_URL: fresh.url, MIXX_SECRET: TEST_SECRET, MIXX_DATA_DIR: os.tmpdir() };
  const code = await staffCreateCommand(args, env, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

it('staff:create creates staff on a new database (0), and refuses an existing address or invalid input (1, with a message)', async () => {
  const email = `cli-${Date.now()}@mixx.test`;
  const created = await run(['--email', email, '--password', 'A-long-staff-password-1', '--role', 'admin']);
  expect(created).toEqual({ code: 0, output: `Created admin ${email}.` });
  const db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
  try {
    expect((await db.query('SELECT role FROM cms.staff WHERE email = $1', [email])).rows).toEqual([{ role: 'admin' }]);
  } finally {
    await db.end();
  }
  const again = await run(['--email', email, '--password', 'A-long-staff-password-1']);
  expect(again.code, again.output).toBe(1);
  expect(again.output).toMatch(/already exists/i);
  const short = await run(['--email', `x-${email}`, '--password', 'short']);
  expect(short.code, short.output).toBe(1);
  expect(short.output).toMatch(/12/);
  const role = await run(['--email', `y-${email}`, '--password', 'A-long-staff-password-1', '--role', 'owner']);
  expect(role).toMatchObject({ code: 1, output: expect.stringMatching(/admin or editor/) });
  const bad = await run(['--email', `z-${email}`, '--password', 'A-long-staff-password-1', '--nonsense']);
  expect(bad.code).toBe(1);
});
