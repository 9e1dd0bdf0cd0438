/**
 * npm run ledger:verify
 * Recomputes the consent ledger's Merkle tree from its entries and checks it against the stored
 * tree and every stored checkpoint (root and signature). Exit 0 when all agree; 1 naming the first
 * entry (or checkpoint) that does not. Needs the server's MIXX_SECRET, MIXX_LEDGER_KEY_VERSION and
 * PUBLIC_URL: the keys and the checkpoint origin come from them.
 */
import 'reflect-metadata';
import pg from 'pg';
import { openServerDatabase } from '../src/cli/lib/open-database.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { ledgerKeys } from '../src/services/ledger/signing-keys.ts';
import { pgSql } from '../src/services/ledger/sql.ts';
import { verifyLedger } from '../src/services/ledger/verify.ts';

if (process.argv.length > 2) {
  process.stderr.write('usage: npm run ledger:verify\n');
  process.exit(1);
}
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`invalid configuration: ${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
const database = await openServerDatabase(config, log);
const client = new pg.Client({ connectionString: database.url });
let exitCode = 1;
try {
  await client.connect();
  // One snapshot for the whole check: entries, tree and checkpoints as of one moment.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const report = await verifyLedger(pgSql(client), ledgerKeys(config), (done) =>
    process.stderr.write(`\rchecked ${done} entries`),
  );
  process.stderr.write('\n');
  if (report.problem) {
    process.stdout.write(`ledger:verify: ${report.problem}\n`);
  } else {
    process.stdout.write(`ledger:verify: ${report.entries} entries and ${report.checkpoints} checkpoints agree\n`);
    exitCode = 0;
  }
  await client.query('COMMIT');
} finally {
  await client.end().catch(() => {});
  await database.close();
}
process.exit(exitCode);
