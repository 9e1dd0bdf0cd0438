import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateOrm } from '../src/database/migrate.ts';
import { type Orm, openOrm } from '../src/database/orm.ts';
import type { Member } from '../src/entities/member.entity.ts';
import { createLogger } from '../src/log.ts';
import { recordConsent } from '../src/services/consent/ledger.ts';
import { LedgerBuilder } from '../src/services/ledger/builder.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { ledgerVerify } from './support/ledger.ts';
import { ledgerOf, makeMember } from './support/members.ts';
import { type Stack, startStack, stopStack } from './support/stack.ts';

// A database of its own: the tests count every entry of the ledger.
const PUBLIC_URL = 'https://mixx.example';
let stack: Stack;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let orm: Orm;

beforeAll(async () => {
  fresh = await freshDatabase();
  stack = await startStack({ env: { PUBLIC_URL, DATABASE_URL: fresh.url }, withAdmin: false });
  orm = await openOrm({ url: fresh.url });
}, 120_000);
afterAll(async () => {
  await orm?.close(true);
  await stopStack(stack);
  await fresh.drop();
});

const setCookies = (auth: Record<string, string>, analytics: boolean) =>
  stack.mixx.gql(
    `mutation { setCookiePreferences(input: { preferences: true, analytics: ${analytics} }) { analytics } }`,
    {},
    auth,
  );

/** Another process's append, held open until `finish` is called (commit or roll back). */
async function heldAppend() {
  let finish!: (commit: boolean) => void;
  let inserted!: () => void;
  const decided = new Promise<boolean>((resolve) => {
    finish = resolve;
  });
  const written = new Promise<void>((resolve) => {
    inserted = resolve;
  });
  const pseudonym = randomUUID();
  const done = orm.em
    .fork()
    .transactional(async (em) => {
      await recordConsent(em, { member: { pseudonym } as Member, kind: 'COOKIES_SET', source: 'settings', detail: {} });
      inserted();
      if (!(await decided)) throw new Error('rolled back');
    })
    .catch((error: Error) => {
      if (error.message !== 'rolled back') throw error;
    });
  await written;
  return { pseudonym, finish, done };
}

const ledgerIndexOf = async (pseudonym: string): Promise<number | null | undefined> =>
  (await stack.db.query('SELECT ledger_index FROM consent_event WHERE subject = $1', [pseudonym])).rows[0]?.ledger_index;

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, seconds = 15): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the ledger builder', () => {
  it('lets appends commit side by side: one held open blocks nobody, and is indexed once it commits; a rollback leaves no gap', async () => {
    const members = await Promise.all(Array.from({ length: 4 }, () => makeMember(stack.mixx, stack.smtp)));
    // Two appends of other processes stay open: before the builder, each held the ledger's lock
    // until its commit, and every other append waited.
    const kept = await heldAppend();
    const dropped = await heldAppend();
    let recorded = 0;
    try {
      const flood = await Promise.all(
        members.flatMap((m) => Array.from({ length: 10 }, (_, i) => setCookies(m.auth, i % 2 === 0))),
      );
      expect(flood.flatMap((r) => r.errors ?? [])).toEqual([]);
      // Each member's entries in the ledger, through the API (a choice equal to the last is not recorded).
      for (const m of members) {
        const kinds = (await ledgerOf(stack.mixx, m.auth)).map((e) => e.kind);
        expect(kinds.slice(0, 2)).toEqual(['POLICY_ACCEPTED', 'POLICY_ACCEPTED']);
        expect(kinds.slice(2).every((kind) => kind === 'COOKIES_SET')).toBe(true);
        expect(kinds.length).toBeGreaterThan(2);
        recorded += kinds.length;
      }
      expect(await ledgerIndexOf(kept.pseudonym)).toBeUndefined(); // not committed: nobody sees it
    } finally {
      dropped.finish(false);
      kept.finish(true);
      await Promise.all([kept.done, dropped.done]);
    }
    // Nobody reads it through the API: the server's builder finds it by itself.
    expect(
      await eventually(
        () => ledgerIndexOf(kept.pseudonym),
        (index) => index != null,
      ),
    ).toEqual(expect.any(Number));
    expect(await ledgerIndexOf(dropped.pseudonym)).toBeUndefined();

    const { rows } = await stack.db.query(`SELECT count(*)::int AS entries, count(ledger_index)::int AS indexed,
        max(ledger_index) AS last, (SELECT count(*)::int FROM ledger_node WHERE level = 0) AS leaves FROM consent_event`);
    expect(rows[0]).toEqual({ entries: recorded + 1, indexed: recorded + 1, last: recorded, leaves: recorded + 1 });
    expect(await ledgerVerify({ databaseUrl: fresh.url, publicUrl: PUBLIC_URL })).toMatchObject({ code: 0 });
  });

  it('indexes on read an entry that another instance committed and never indexed', async () => {
    const m = await makeMember(stack.mixx, stack.smtp);
    const [{ pseudonym }] = (await stack.db.query('SELECT pseudonym FROM member WHERE email = $1', [m.email])).rows;
    // What an instance leaves when it stops between its commit and its builder's run.
    await stack.db.query(
      `INSERT INTO consent_event (subject, kind, source, detail) VALUES ($1, 'COOKIES_SET', 'settings', '{}')`,
      [pseudonym],
    );
    const entries = await ledgerOf(stack.mixx, m.auth);
    expect(entries.map((e) => e.kind)).toEqual(['POLICY_ACCEPTED', 'POLICY_ACCEPTED', 'COOKIES_SET']);
    expect(entries.map((e) => e.ledgerIndex)).toEqual(
      entries.map((_, i) => (entries[0] as { ledgerIndex: number }).ledgerIndex + i),
    );
    expect(await ledgerVerify({ databaseUrl: fresh.url, publicUrl: PUBLIC_URL })).toMatchObject({ code: 0 });
  });

  it('keeps the table append-only: an index is given once, from none, with nothing else changed', async () => {
    const refused = async (statement: string, params: unknown[] = []) => {
      await stack.db.query('BEGIN');
      try {
        await stack.db.query(statement, params);
        return null;
      } catch (error) {
        return (error as Error).message;
      } finally {
        await stack.db.query('ROLLBACK');
      }
    };
    expect(await refused('UPDATE consent_event SET ledger_index = ledger_index + 1000 WHERE ledger_index = 0')).toMatch(
      /append-only/,
    );
    expect(await refused('UPDATE consent_event SET ledger_index = NULL WHERE ledger_index = 0')).toMatch(/append-only/);
    const pending = randomUUID();
    const insert = `INSERT INTO consent_event (id, subject, kind, source, detail) VALUES ($1, $2, 'COOKIES_SET', 'settings', '{}');`;
    await stack.db.query('BEGIN');
    try {
      await stack.db.query(insert, [pending, randomUUID()]);
      await stack.db.query('SAVEPOINT s');
      await expect(
        stack.db.query(`UPDATE consent_event SET ledger_index = 100000, source = 'system' WHERE id = $1`, [pending]),
      ).rejects.toThrow(/append-only/);
      await stack.db.query('ROLLBACK TO SAVEPOINT s');
      await expect(
        stack.db.query(`UPDATE consent_event SET ledger_index = 100000, detail = '{"analytics": true}' WHERE id = $1`, [pending]),
      ).rejects.toThrow(/append-only/);
      await stack.db.query('ROLLBACK TO SAVEPOINT s');
      // The builder's own change: allowed (and rolled back here, to leave the ledger gapless).
      expect((await stack.db.query('UPDATE consent_event SET ledger_index = 100000 WHERE id = $1', [pending])).rowCount).toBe(1);
    } finally {
      await stack.db.query('ROLLBACK');
    }
  });
});

describe("the builder's wake-up", () => {
  it('indexes an append as soon as its transaction commits, not at the next sweep, and never one rolled back', async () => {
    // A database and builder of their own, with no server sweeping them.
    const own = await freshDatabase();
    const log = createLogger('warn');
    const ownOrm = await openOrm({ url: own.url, log });
    try {
      await migrateOrm(ownOrm);
      const builder = new LedgerBuilder(ownOrm.em, log, 3600);
      const append = (pseudonym: string) =>
        ownOrm.em
          .fork()
          .transactional((em) =>
            recordConsent(em, { member: { pseudonym } as Member, kind: 'COOKIES_SET', source: 'settings', detail: {} }),
          );
      const indexed = async () =>
        (await ownOrm.em.fork().getConnection().execute('SELECT count(ledger_index)::int AS n FROM consent_event'))[0].n;
      await append(randomUUID());
      expect(await eventually(indexed, (n) => n === 1, 10)).toBe(1);
      await ownOrm.em
        .fork()
        .transactional(async (em) => {
          await recordConsent(em, { member: { pseudonym: randomUUID() } as Member, kind: 'COOKIES_SET', source: 'settings' });
          throw new Error('rolled back');
        })
        .catch(() => {});
      await append(randomUUID());
      expect(await eventually(indexed, (n) => n === 2, 10)).toBe(2);
      await builder.stop();
      const rows = await ownOrm.em.fork().getConnection().execute('SELECT ledger_index FROM consent_event ORDER BY 1');
      expect(rows).toEqual([{ ledger_index: 0 }, { ledger_index: 1 }]);
    } finally {
      await ownOrm.close(true);
      await own.drop();
    }
  });
});
