/**
 * npm run announcements:send -- <id>
 * Sends an announcement to every member whose e-mail consent is GRANTED and who has not had it.
 * Exit 0 when every consenting member has it now (or had it before); 1 otherwise.
 */
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { migrations } from '../migrations/cms/index.ts';
import { openServerDatabase } from '../src/cli/lib/open-database.ts';
import { closeWithin, keepAliveFor } from '../src/cli/lib/settle.ts';
import { initCms } from '../src/cms/init-cms.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { withMigrationLock } from '../src/database/migrate.ts';
import { openOrm } from '../src/database/orm.ts';
import { createLogger } from '../src/log.ts';
import { AnnouncementNotFoundError, sendAnnouncement } from '../src/services/announcements/announcement.service.ts';
import { catalogSql } from '../src/services/catalog/catalog-db.ts';
import { GenreDirectory } from '../src/services/catalog/genre-directory.ts';
import { BackgroundTasks } from '../src/services/common/background.ts';
import { deriveKey } from '../src/services/crypto/keys.ts';
import { Mailer } from '../src/services/mail/mailer.ts';
import { DisclosureWriter } from '../src/services/partners/disclosure-log.ts';
import { PartnerIds } from '../src/services/partners/partner-ids.ts';
import { TrustedDocuments } from '../src/services/partners/trusted-documents.ts';
import { Scope } from '../src/services/scope.ts';
import { CostBudgets } from '../src/services/security/cost-budget.ts';
import { Throttle } from '../src/services/security/throttle.ts';

keepAliveFor(24 * 3_600_000, 'announcements:send');

const id = process.argv[2];
if (!id || process.argv.length > 3) {
  process.stderr.write('usage: npm run announcements:send -- <announcement id>\n');
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`invalid configuration: ${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const database = await openServerDatabase(config, log);
const orm = await openOrm({ url: database.url, log, poolMax: 3 });
const payload = await initCms({
  databaseUrl: database.url,
  secret: deriveKey(config.secret, 'payload').toString('hex'),
  site: config,
});
await withMigrationLock(database.url, () => payload.db.migrate({ migrations }));
const mailer = new Mailer({
  smtpUrl: config.smtpUrl,
  from: config.mailFrom,
  dataDir: config.dataDir,
  secret: config.secret,
  log,
});
const runtime = {
  config,
  log,
  orm,
  mailer,
  throttle: new Throttle({ secret: config.secret }),
  costBudgets: new CostBudgets({ secret: config.secret, budget: config.costBudget }),
  background: new BackgroundTasks(log),
  genres: new GenreDirectory(catalogSql(orm.em)),
  partnerIds: new PartnerIds(config.secret),
  disclosureWriter: new DisclosureWriter(() => orm.em),
  trustedDocuments: new TrustedDocuments(() => orm.em),
};

const bar = new SingleBar({ format: 'sending [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true });
let exitCode = 1;
try {
  let started = false;
  const report = await sendAnnouncement(
    { scope: new Scope(runtime, { kind: 'system', reason: 'announcements:send' }), payload },
    id,
    {
      onProgress: (r) => {
        if (!started) bar.start(r.consenting, 0);
        started = true;
        bar.update(r.sent);
      },
    },
  );
  bar.stop();
  const notes = [
    report.failed && `${report.failed} failed`,
    report.interrupted && `${report.interrupted} interrupted before they could be confirmed (never retried: at most once)`,
  ];
  process.stdout.write(
    `announcement ${id}: sent to ${report.sent} of ${report.consenting} consenting members${notes
      .filter(Boolean)
      .map((n) => `, ${n}`)
      .join('')}\n`,
  );
  exitCode = report.isComplete ? 0 : 1;
} catch (error) {
  bar.stop();
  if (!(error instanceof AnnouncementNotFoundError)) throw error;
  process.stderr.write(`${error.message}\n`);
} finally {
  mailer.close();
  await closeWithin(
    3_000,
    () => payload.destroy(),
    () => orm.close(true),
    database.close,
  );
}
process.exit(exitCode);
