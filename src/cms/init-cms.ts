import type { Payload } from 'payload';

export type CmsConnection = {
  /** PostgreSQL connection string; Payload uses schema `cms` in it. */
  databaseUrl: string;
  /** Payload's secret (signs staff JWTs). The server derives it from MIXX_SECRET. */
  secret: string;
};

/**
 * Initialises Payload's Local API outside Next (server start-up, CLI scripts). The config reads
 * its connection and secret from the environment when first imported, so they are set first.
 * Payload caches the instance on `global._payload`: Next's route handlers in this process reuse it.
 */
export async function initCms({ databaseUrl, secret }: CmsConnection): Promise<Payload> {
  process.env.PAYLOAD_DATABASE_URL = databaseUrl;
  process.env.PAYLOAD_SECRET = secret;
  const [{ getPayload }, { default: config }] = await Promise.all([import('payload'), import('./payload.config.ts')]);
  return getPayload({ config });
}
