import pg from 'pg';
import type { Smtp } from './members.ts';
import { startTestMixx, type TestMixx } from './mixx.ts';
import { startSmtp } from './smtp.ts';

export type Stack = { mixx: TestMixx; smtp: Smtp; db: pg.Client };

/** Mixx on the run's database, a real SMTP server it mails to, and a database client for checks. */
export async function startStack(opts: Parameters<typeof startTestMixx>[0] = {}): Promise<Stack> {
  const smtp = await startSmtp();
  const mixx = await startTestMixx({ ...opts, env: { SMTP_URL: smtp.url, ...opts.env } });
  const db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
  return { mixx, smtp, db };
}

export async function stopStack(stack: Partial<Stack>): Promise<void> {
  await stack.db?.end();
  await stack.mixx?.close();
  await stack.smtp?.close();
}
