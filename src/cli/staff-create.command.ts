/**
 * `npm run staff:create -- --email E --password P [--role admin|editor]` as a function: the script
 * in scripts/ only calls it and exits with its status (0 created; 1 with a message when the input
 * is invalid or the address exists).
 */
import { parseArgs } from 'node:util';
import type { Payload } from 'payload';
import type { Pool } from 'pg';
import { migrations } from '../../migrations/cms/index.ts';
import { initCms } from '../cms/init-cms.ts';
import { createStaff, StaffInputError } from '../cms/staff.ts';
import { isStaffRole } from '../cms/staff-rules.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { withMigrationLock } from '../database/migrate.ts';
import { createLogger } from '../log.ts';
import { deriveKey } from '../services/crypto/keys.ts';
import { openServerDatabase } from './lib/open-database.ts';

const usage = 'usage: npm run staff:create -- --email E --password P [--role admin|editor]';

export type CommandOutput = { out: (line: string) => void; err: (line: string) => void };

class UsageError extends Error {}

function readArguments(args: string[]) {
  try {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'editor' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.email || !values.password) throw new UsageError(usage);
    if (!isStaffRole(values.role)) throw new UsageError(`Unknown role "${values.role}": use admin or editor.\n${usage}`);
    return { email: values.email, password: values.password, role: values.role };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

export async function staffCreateCommand(
  args: string[],
  env: Record<string, string | undefined>,
  io: CommandOutput,
): Promise<number> {
  let input: ReturnType<typeof readArguments>;
  let config: ReturnType<typeof loadConfig>;
  try {
    input = readArguments(args);
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof UsageError) io.err(error.message);
    else if (error instanceof ConfigError) io.err(`invalid configuration: ${error.message}`);
    else throw error;
    return 1;
  }
  const database = await openServerDatabase(config, createLogger('warn'));
  let payload: Payload | undefined;
  let pool: Pool | undefined;
  try {
    payload = await initCms({
      databaseUrl: database.url,
      secret: deriveKey(config.secret, 'payload').toString('hex'),
      site: config,
    });
    pool = (payload.db as unknown as { pool?: Pool }).pool;
    // payload.destroy() leaves its pg pool open; an idle client's later error (the database going
    // away) must not become an uncaught exception in a caller that outlives the command.
    pool?.on('error', () => {});
    await withMigrationLock(database.url, () => (payload as Payload).db.migrate({ migrations }));
    const staff = await createStaff(payload, input);
    io.out(`Created ${input.role} ${staff.email}.`);
    return 0;
  } catch (error) {
    if (!(error instanceof StaffInputError)) throw error;
    io.err(error.message);
    return 1;
  } finally {
    await payload?.destroy().catch(() => {});
    (globalThis as { _payload?: Map<string, unknown> })._payload?.delete('default');
    await database.close();
  }
}
