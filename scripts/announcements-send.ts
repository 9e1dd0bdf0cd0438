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
import { openRuntime } from '../src/mixx.ts';
import { AnnouncementNotFoundError, sendAnnouncement } from '../src/services/announcements/announcement.service.ts';
import { deriveKey } from '../src/services/crypto/keys.ts';
import { Scope } from '../src/services/scope.ts';

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
const { runtime, close } = await openRuntime({ config, log }, orm);

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
  await closeWithin(
    3_000,
    close,
    () => payload.destroy(),
    () => orm.close(true),
    database.close,
  );
}
process.exit(exitCode);
