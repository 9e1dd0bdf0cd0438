/**
 * `npm run partner:create -- --name N --redirect-uri U [--redirect-uri U2 …] --scopes "openid profile …" [--public]`
 * as a function: the script in scripts/ only calls it and exits with its status (0 and one line of
 * JSON `{"clientId":…,"clientSecret":…}` on stdout, no secret for a public client; 1 with a
 * message on bad input).
 */
import { parseArgs } from 'node:util';
import type { Payload } from 'payload';
import type { Pool } from 'pg';
import { migrations } from '../../migrations/cms/index.ts';
import { initCms } from '../cms/init-cms.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { withMigrationLock } from '../database/migrate.ts';
import { createLogger } from '../log.ts';
import { deriveKey } from '../services/crypto/keys.ts';
import { createPartner, type NewPartner } from '../services/partners/partner-create.ts';
import { PartnerInputError } from '../services/partners/partner-rules.ts';
import { openServerDatabase } from './lib/open-database.ts';
import { closeWithin } from './lib/settle.ts';
import type { CommandOutput } from './staff-create.command.ts';

const usage =
  'usage: npm run partner:create -- --name N --redirect-uri U [--redirect-uri U2 …] --scopes "openid profile …" [--public]';

class UsageError extends Error {}

function readArguments(args: string[]): NewPartner {
  try {
    const { values } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        scopes: { type: 'string' },
        public: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.name || !values['redirect-uri']?.length || !values.scopes) throw new UsageError(usage);
    return {
      name: values.name,
      redirectUris: values['redirect-uri'],
      scopes: values.scopes.split(/[\s,]+/).filter(Boolean),
      isPublic: values.public ?? false,
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

export async function partnerCreateCommand(
  args: string[],
  env: Record<string, string | undefined>,
  io: CommandOutput,
): Promise<number> {
  let input: NewPartner;
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
  try {
    payload = await initCms({
      databaseUrl: database.url,
      secret: deriveKey(config.secret, 'payload').toString('hex'),
      site: config,
    });
    // See staff-create.command.ts: an idle client's later error must not become an uncaught one.
    (payload.db as unknown as { pool?: Pool }).pool?.on('error', () => {});
    await withMigrationLock(database.url, () => (payload as Payload).db.migrate({ migrations }));
    io.out(JSON.stringify(await createPartner(payload, input)));
    return 0;
  } catch (error) {
    if (!(error instanceof PartnerInputError)) throw error;
    io.err(error.message);
    return 1;
  } finally {
    // See src/cli/lib/settle.ts: Payload's close may never settle; it gets a few seconds.
    await closeWithin(5_000, () => payload?.destroy());
    (globalThis as { _payload?: Map<string, unknown> })._payload?.delete('default');
    await database.close();
  }
}
