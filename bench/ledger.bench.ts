/**
 * The ledger benchmarks of issue 14 (TARGETS.md), each measured in one run:
 * - appending a consent entry with its Merkle subtree hashes (recordConsent in the writer's
 *   transaction, then the ledger builder's indexing after commit: a round ends when the tree covers
 *   every entry written in it), against the same write without the tree (the INSERT recordConsent
 *   made before the tree, into a copy of the table without the tree's columns and indexes), at 10 concurrent
 *   writers, interleaved rounds (target >= 0.8x);
 * - an inclusion proof (LedgerService.inclusionProof: one read of O(log n) stored nodes) on a
 *   synthetic ledger of 1,000,000 entries, p95 (target <= 5 ms).
 * The synthetic ledger is made in SQL: generate_series entries, their canonical-JSON leaves hashed
 * by PostgreSQL, then the bulk subtree build; a sample of leaves is checked against leafOf.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { migrateOrm } from '../src/database/migrate.ts';
import { openOrm } from '../src/database/orm.ts';
import type { Member } from '../src/entities/member.entity.ts';
import { createLogger } from '../src/log.ts';
import { recordConsent } from '../src/services/consent/ledger.ts';
import { indexAll, LedgerBuilder } from '../src/services/ledger/builder.ts';
import { buildUpperLevels } from '../src/services/ledger/bulk-build.ts';
import { signCheckpoint } from '../src/services/ledger/checkpoints.ts';
import { ENTRY_COLUMNS, type EntryRow, ISO_UTC, leafOf } from '../src/services/ledger/leaf.ts';
import { LedgerService } from '../src/services/ledger/ledger.service.ts';
import { hashLeaf, verifyInclusion } from '../src/services/ledger/merkle.ts';
import { ledgerKeys } from '../src/services/ledger/signing-keys.ts';
import { pgSql } from '../src/services/ledger/sql.ts';
import { rootOf } from '../src/services/ledger/tree-store.ts';
import { type BenchResult, benchDatabase, median, quantile, range } from './support.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? 1_000_000);
const WRITERS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

export async function ledgerBench(): Promise<BenchResult[]> {
  const url = await benchDatabase('mixx_bench_ledger');
  const log = createLogger('warn');
  const orm = await openOrm({ url, log, poolMax: WRITERS + 2 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sql = pgSql(client);
  try {
    await migrateOrm(orm);
    const config = loadConfig({
      DATABASE_URL: url,
      MIXX_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
      MIXX_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mixx-bench-ledger-')),
      PUBLIC_URL: 'https://bench.mixx.example',
    });
    await synthesise(client, sql);
    const size = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM ledger_node WHERE level = 0'))[0]?.n ?? 0;
    const tx = async <T>(work: (s: typeof sql) => Promise<T>) => {
      await client.query('BEGIN');
      const result = await work(sql);
      await client.query('COMMIT');
      return result;
    };
    const checkpoint = await signCheckpoint(tx, ledgerKeys(config), { wait: true });
    process.stderr.write(`ledger: ${size} entries, checkpoint of size ${checkpoint?.size}\n`);

    // Inclusion proofs, one at a time, on random entries of the whole ledger.
    const service = new LedgerService(orm.em.fork(), config);
    const picks = Array.from({ length: 2000 }, () => Math.floor(Math.random() * size));
    const entries = await sql<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM consent_event e LEFT JOIN policy_version v ON v.id = e.policy_version_id
        WHERE e.ledger_index IN (${picks.map(() => '?').join(', ')})`,
      picks,
    );
    const root = await rootOf(sql, size);
    const times: number[] = [];
    for (const [i, entry] of entries.entries()) {
      const started = process.hrtime.bigint();
      const { proof } = await service.inclusionProof(entry, size);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (i >= 100) times.push(ms); // the first ones warm the pool and the caches
      const leafHash = hashLeaf(Buffer.from(leafOf(entry)));
      if (
        !verifyInclusion({
          index: entry.ledger_index,
          size,
          leafHash,
          proof: proof.path.map((p) => Buffer.from(p, 'base64')),
          root,
        })
      ) {
        throw new Error(`the proof of entry ${entry.ledger_index} does not verify`);
      }
    }
    times.sort((a, b) => a - b);

    // Appends: interleaved rounds with and without the tree.
    await client.query('CREATE TABLE IF NOT EXISTS bench_plain_event (LIKE consent_event INCLUDING DEFAULTS INCLUDING INDEXES)');
    // Without the tree, nothing of it: no index column (dropping it drops its indexes), no append order.
    await client.query('ALTER TABLE bench_plain_event DROP COLUMN IF EXISTS append_seq, DROP COLUMN IF EXISTS ledger_index');
    const plainInsert = (em: EntityManager, member: Member) =>
      em
        .getConnection()
        .execute(
          'INSERT INTO bench_plain_event (subject, kind, source, detail) VALUES (?, ?, ?, ?)',
          [member.pseudonym, 'COOKIES_SET', 'settings', JSON.stringify({ preferences: true, analytics: false })],
          'run',
          em.getTransactionContext(),
        );
    const treeInsert = (em: EntityManager, member: Member) =>
      recordConsent(em, { member, kind: 'COOKIES_SET', source: 'settings', detail: { preferences: true, analytics: false } });
    // `durable`: as served. `writers without fsync wait`: synchronous_commit off in the writers'
    // transactions of both, which takes their flush out of the comparison; the builder's commits
    // stay durable, as served.
    const transaction = (insert: (em: EntityManager, member: Member) => Promise<unknown>, durable: boolean) => (member: Member) =>
      orm.em.fork().transactional(async (em) => {
        if (!durable)
          await em.getConnection().execute('SET LOCAL synchronous_commit = off', [], 'run', em.getTransactionContext());
        await insert(em, member);
      });
    const seconds = Math.max(2, Math.round(DURATION / 2));
    const results: BenchResult[] = [];
    // The builder as the server runs it: woken by each commit that appended. A round of the tree
    // ends when every entry is indexed (the builder's last run, then anything it left).
    const untilIndexed = async <T>(work: () => Promise<T>): Promise<T> => {
      const builder = new LedgerBuilder(orm.em, log, 60);
      const result = await work();
      await builder.stop();
      await indexAll(orm.em);
      return result;
    };
    for (const durable of [true, false]) {
      const pairs: [number, number][] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Which goes first alternates, so that neither always meets a warmer or a busier disk.
        const plainRun = () => appendsPerSecond(transaction(plainInsert, durable), seconds);
        const treeRun = () => appendsPerSecond(transaction(treeInsert, durable), seconds, untilIndexed);
        if (round % 2 === 0) {
          const plain = await plainRun();
          pairs.push([await treeRun(), plain]);
        } else {
          const tree = await treeRun();
          pairs.push([tree, await plainRun()]);
        }
      }
      const ratios = pairs.map(([tree, plain]) => tree / plain);
      results.push({
        name: `ledger: append with subtree hashes, ${WRITERS} writers, ${durable ? 'durable' : 'writers without fsync wait'}`,
        rps: Math.round(median(pairs.map(([tree]) => tree))),
        p50: Number.NaN,
        p99: Number.NaN,
        ratio: Number(median(ratios).toFixed(2)),
        note: `target >= 0.8 of the append without the tree; median of ${ROUNDS} rounds, range ${range(ratios)}; rounds (tree/plain per s) ${pairs.map(([t, p]) => `${Math.round(t)}/${Math.round(p)}`).join(', ')}`,
      });
    }
    return [
      ...results,
      {
        name: `ledger: inclusion proof on ${size} entries`,
        rps: Math.round(1000 / (times.reduce((a, b) => a + b, 0) / times.length)),
        p50: quantile(times, 0.5),
        p95: quantile(times, 0.95),
        p99: quantile(times, 0.99),
        note: 'target p95 <= 5 ms; one at a time, each proof verified',
      },
    ];
  } finally {
    await client.end();
    await orm.close(true);
  }
}

/** Appends per second from WRITERS writers for `seconds`, timed until `around` (if any) has finished. */
async function appendsPerSecond(
  append: (member: Member) => Promise<unknown>,
  seconds: number,
  around: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<number> {
  const members = Array.from({ length: WRITERS }, () => ({ pseudonym: randomUUID() }) as Member);
  const started = Date.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  await around(() =>
    Promise.all(
      members.map(async (member) => {
        while (Date.now() < deadline) {
          await append(member);
          done++;
        }
      }),
    ),
  );
  return done / ((Date.now() - started) / 1000);
}

/** ENTRIES synthetic cookie choices with their tree, unless the database has them from a run before. */
async function synthesise(client: pg.Client, sql: ReturnType<typeof pgSql>): Promise<void> {
  const have = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM ledger_node WHERE level = 0'))[0]?.n ?? 0;
  if (have >= ENTRIES) return;
  if (have > 0) throw new Error('mixx_bench_ledger holds a partial ledger: drop that database and run again');
  const started = Date.now();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO consent_event (subject, kind, at, source, detail, ledger_index)
     SELECT gen_random_uuid(), 'COOKIES_SET', timestamptz '2026-01-01T00:00:00Z' + i * interval '1.001 second', 'settings',
            jsonb_build_object('preferences', i % 2 = 0, 'analytics', i % 3 = 0), i
       FROM generate_series(0, $1::int - 1) AS i`,
    [ENTRIES],
  );
  // The leaf exactly as leafOf writes it for these entries (RFC 8785: keys sorted, no spaces).
  await client.query(
    `INSERT INTO ledger_node (level, idx, hash)
     SELECT 0, ledger_index, sha256(decode('00', 'hex') || convert_to(
              '{"at":"' || ${ISO_UTC('at')} || '","detail":{"analytics":' || (detail->>'analytics') ||
              ',"preferences":' || (detail->>'preferences') || '},"index":' || ledger_index ||
              ',"kind":"COOKIES_SET","source":"settings","subject":"' || replace(subject::text, '-', '') || '"}', 'UTF8'))
       FROM consent_event`,
  );
  await buildUpperLevels(sql, 0, ENTRIES);
  await client.query('COMMIT');
  const sample = await sql<EntryRow & { hash: Buffer }>(
    `SELECT ${ENTRY_COLUMNS}, n.hash FROM consent_event e LEFT JOIN policy_version v ON v.id = e.policy_version_id
       JOIN ledger_node n ON n.level = 0 AND n.idx = e.ledger_index ORDER BY random() LIMIT 200`,
  );
  for (const row of sample) {
    if (!hashLeaf(Buffer.from(leafOf(row))).equals(row.hash))
      throw new Error(`synthetic leaf ${row.ledger_index} differs from leafOf`);
  }
  await client.query('VACUUM ANALYZE ledger_node');
  await client.query('VACUUM ANALYZE consent_event');
  process.stderr.write(
    `ledger: synthesised ${ENTRIES} entries with their tree in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
