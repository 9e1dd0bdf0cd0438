/**
 * `npm run partner:documents -- --client-id ID --manifest FILE` as a function: registers a partner
 * app's trusted documents from a persisted-query manifest (Apollo's format, version 1: what
 * `@apollo/generate-persisted-query-manifest` writes). All or nothing: every operation's id must be
 * the SHA-256 of its body, every body must be one valid operation of the schema, and none may select
 * a member's field beyond the partner's allowed scopes (the refusal names the operation and the
 * field). Exit 0 with one line of JSON `{"registered":n,"known":m}`; 1 with a message.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type GraphQLError, Kind, parse, validate } from 'graphql';
import { ConfigError, loadConfig } from '../config.ts';
import { openOrm } from '../database/orm.ts';
import { createLogger } from '../log.ts';
import { buildMixxSchema } from '../resolvers/build-schema.ts';
import { fieldsBeyondScopes } from '../resolvers/partners/document-scopes.ts';
import { findPartnerByClientId } from '../services/partners/partner-directory.ts';
import { documentIdOf, registerDocuments, type TrustedDocument } from '../services/partners/trusted-documents.ts';
import { openServerDatabase } from './lib/open-database.ts';
import type { CommandOutput } from './staff-create.command.ts';

const usage = 'usage: npm run partner:documents -- --client-id ID --manifest FILE';
const MAX_OPERATIONS = 10_000;
const MAX_BODY = 100_000;

class InputError extends Error {}

function readArguments(args: string[]): { clientId: string; manifest: string } {
  try {
    const { values } = parseArgs({
      args,
      options: { 'client-id': { type: 'string' }, manifest: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values['client-id'] || !values.manifest) throw new InputError(usage);
    return { clientId: values['client-id'], manifest: values.manifest };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

/** The manifest's operations, each checked on its own (no database needed). */
async function readManifest(file: string): Promise<TrustedDocument[]> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: not a readable JSON file (${(error as Error).message})`);
  }
  const { format, version, operations } = (manifest ?? {}) as { format?: unknown; version?: unknown; operations?: unknown };
  if (format !== 'apollo-persisted-query-manifest' || version !== 1 || !Array.isArray(operations)) {
    throw new InputError(
      `${file}: not a persisted-query manifest (format "apollo-persisted-query-manifest", version 1, operations [...])`,
    );
  }
  if (operations.length > MAX_OPERATIONS) throw new InputError(`${file}: more than ${MAX_OPERATIONS} operations`);
  return operations.map((operation: unknown, index) => {
    const { id, name, body } = (operation ?? {}) as { id?: unknown; name?: unknown; body?: unknown };
    const label = typeof name === 'string' && name ? `operation ${name}` : `operation #${index + 1}`;
    if (typeof body !== 'string' || !body.trim() || body.length > MAX_BODY) {
      throw new InputError(`${label}: its body must be a document of at most ${MAX_BODY} characters`);
    }
    if (typeof id !== 'string' || id !== documentIdOf(body))
      throw new InputError(`${label}: its id is not the SHA-256 of its body`);
    return { id, name: typeof name === 'string' && name ? name.slice(0, 200) : null, body };
  });
}

export async function partnerDocumentsCommand(
  args: string[],
  env: Record<string, string | undefined>,
  io: CommandOutput,
): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  let clientId: string;
  let documents: TrustedDocument[];
  try {
    config = loadConfig(env);
    const input = readArguments(args);
    clientId = input.clientId;
    documents = await readManifest(input.manifest);
  } catch (error) {
    if (error instanceof InputError) io.err(error.message);
    else if (error instanceof ConfigError) io.err(`invalid configuration: ${error.message}`);
    else throw error;
    return 1;
  }
  const log = createLogger('warn');
  const database = await openServerDatabase(config, log);
  const orm = await openOrm({ url: database.url, log, poolMax: 2 });
  try {
    const em = orm.em.fork();
    const partner = await findPartnerByClientId(em, clientId).catch(() => null);
    if (!partner) {
      io.err(`no partner app has the client id ${clientId}`);
      return 1;
    }
    const schema = await buildMixxSchema();
    const refusals = documents.flatMap((document) => {
      const label = document.name ? `operation ${document.name}` : `operation ${document.id.slice(0, 12)}`;
      let parsed: ReturnType<typeof parse>;
      try {
        parsed = parse(document.body, { noLocation: true });
      } catch (error) {
        return [`${label}: ${(error as GraphQLError).message}`];
      }
      const operations = parsed.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (operations.length !== 1) return [`${label}: a registered document holds exactly one operation`];
      const invalid = validate(schema, parsed).map((error) => `${label}: ${error.message}`);
      if (invalid.length > 0) return invalid;
      return fieldsBeyondScopes(schema, parsed, new Set(partner.scopes)).map((problem) => `${label}: ${problem}`);
    });
    if (refusals.length > 0) {
      io.err(`nothing was registered for ${partner.name}:\n${refusals.join('\n')}`);
      return 1;
    }
    io.out(JSON.stringify(await registerDocuments(em, clientId, documents)));
    return 0;
  } finally {
    await orm.close(true);
    await database.close();
  }
}
