/**
 * npm run staff:create -- --email E --password P [--role admin|editor]
 * Exit 0: created. Exit 1: invalid input or the address already exists (with a message).
 */
import { parseArgs } from 'node:util';
import type { Payload } from 'payload';
import { migrations } from '../migrations/cms/index.ts';
import { initCms } from '../src/cms/init-cms.ts';
import { createStaff, StaffInputError } from '../src/cms/staff.ts';
import { isStaffRole } from '../src/cms/staff-rules.ts';
import { type Config, ConfigError, loadConfig } from '../src/config.ts';
import { withMigrationLock } from '../src/database/migrate.ts';
import { createLogger } from '../src/log.ts';
import { deriveKey } from '../src/services/crypto/keys.ts';
import { openServerDatabase } from './lib/open-database.ts';
import { closeWithin } from './lib/settle.ts';

const usage = 'usage: npm run staff:create -- --email E --password P [--role admin|editor]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readArguments() {
  try {
    const { values } = parseArgs({
      options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'editor' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.email || !values.password) fail(usage);
    if (!isStaffRole(values.role)) fail(`Unknown role "${values.role}": use admin or editor.\n${usage}`);
    return { email: values.email, password: values.password, role: values.role };
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

/** The server's database (DATABASE_URL or the embedded one), migrated, and Payload on it. */
async function connectCms(): Promise<{ payload: Payload; close: () => Promise<void> }> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
    throw error;
  }
  const log = createLogger('warn');
  const database = await openServerDatabase(config, log);
  const payload = await initCms({ databaseUrl: database.url, secret: deriveKey(config.secret, 'payload').toString('hex') });
  await withMigrationLock(database.url, () => payload.db.migrate({ migrations }));
  return { payload, close: database.close };
}

const input = readArguments();
const { payload, close } = await connectCms();
let exitCode = 0;
try {
  const staff = await createStaff(payload, input);
  console.log(`Created ${input.role} ${staff.email}.`);
} catch (error) {
  if (!(error instanceof StaffInputError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await closeWithin(3_000, () => payload.destroy(), close);
}
process.exit(exitCode);
