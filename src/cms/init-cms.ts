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
  // One after the other: importing the two graphs concurrently (they share Payload's modules) was
  // seen to deadlock Node's module loader now and then, leaving both promises pending forever.
  const { getPayload } = await import('payload');
  const { default: config } = await import('./payload.config.ts');
  return getPayload({ config });
}
