import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type Orm, openOrm } from '../src/database/orm.ts';
import { createLogger } from '../src/log.ts';
import { buildMissingTree } from '../src/services/ledger/bulk-build.ts';
import { signCheckpoint } from '../src/services/ledger/checkpoints.ts';
import { ledgerKeys } from '../src/services/ledger/signing-keys.ts';
import { pgSql } from '../src/services/ledger/sql.ts';
import { verifyLedger } from '../src/services/ledger/verify.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { TEST_SECRET } from './support/mixx.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let orm: Orm;
let db: pg.Client;
beforeAll(async () => {
  fresh = await freshDatabase();
  orm = await openOrm({ url: fresh.url, log: createLogger('warn') });
  db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await orm.close(true);
  await fresh.drop();
});

describe('a database with consent entries from before the tree', () => {
  it('numbers them in the order they were written, builds their tree at start, and verifies', async () => {
    await orm.getMigrator().up({ to: 'Migration20261129140000_downloads' });
    const subject = '5e1d0c9a-4b7f-2e8d-6a3c-1b0f9e8d7c6b';
    for (const [at, analytics] of [
      ['2026-11-30T10:00:02.000Z', true],
      ['2026-11-30T10:00:01.000Z', false],
      ['2026-11-30T10:00:03.000Z', true],
    ] as const) {
      await db.query(
        `INSERT INTO consent_event (subject, kind, at, source, detail) VALUES ($1, 'COOKIES_SET', $2, 'settings', $3)`,
        [subject, at, JSON.stringify({ preferences: true, analytics })],
      );
    }
    await orm.getMigrator().up();
    const numbered = await db.query(
      `SELECT ledger_index, to_char(at AT TIME ZONE 'UTC', 'SS') AS s FROM consent_event ORDER BY ledger_index`,
    );
    expect(numbered.rows).toEqual([
      { ledger_index: 0, s: '01' },
      { ledger_index: 1, s: '02' },
      { ledger_index: 2, s: '03' },
    ]);
    // Still append-only once numbered.
    await expect(db.query(`UPDATE consent_event SET source = 'system'`)).rejects.toThrow(/append-only/);

    const sql = pgSql(db);
    await db.query('BEGIN');
    expect(await buildMissingTree(sql)).toBe(3);
    await db.query('COMMIT');
    await db.query('BEGIN');
    expect(await buildMissingTree(sql)).toBe(0);
    await db.query('COMMIT');
    const keys = ledgerKeys(
      loadConfig({ DATABASE_URL: fresh.url, MIXX_SECRET: TEST_SECRET, PUBLIC_URL: 'https://mixx.example' }),
    );
    const tx = async <T>(work: (s: typeof sql) => Promise<T>) => {
      await db.query('BEGIN');
      const result = await work(sql);
      await db.query('COMMIT');
      return result;
    };
    expect((await signCheckpoint(tx, keys, { wait: true }))?.size).toBe(3);
    expect(await verifyLedger(sql, keys)).toEqual({ entries: 3, checkpoints: 1, problem: null });
    const nodes = await db.query('SELECT level, idx FROM ledger_node ORDER BY level, idx');
    expect(nodes.rows).toEqual([
      { level: 0, idx: 0 },
      { level: 0, idx: 1 },
      { level: 0, idx: 2 },
      { level: 1, idx: 0 },
    ]);
  });
});
