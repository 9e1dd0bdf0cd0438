import type { Payload } from 'payload';

export type CmsConnection = {
  /** PostgreSQL connection string; Payload uses schema `cms` in it. */
  databaseUrl: string;
  /** Payload's secret (signs staff JWTs). The server derives it from MIXX_SECRET. */
  secret: string;
  /** What the server's configuration says about links and mail (src/config.ts); CLI scripts may omit it. */
  site?: { publicUrl: string; smtpUrl?: string; mailFrom: string; dataDir: string };
};

/**
 * Hands Payload its settings through the environment, because its config is also compiled by Next
 * and read there (src/cms/payload.config.ts, src/cms/email-adapter.ts read these names only).
 */
export function setCmsEnvironment({ databaseUrl, secret, site }: CmsConnection): void {
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  set('PAYLOAD_DATABASE_URL', databaseUrl);
  set('PAYLOAD_SECRET', secret);
  if (!site) return;
  set('PAYLOAD_PUBLIC_URL', site.publicUrl);
  set('PAYLOAD_SMTP_URL', site.smtpUrl);
  set('PAYLOAD_MAIL_FROM', site.mailFrom);
  set('PAYLOAD_DATA_DIR', site.dataDir);
}

/**
 * Initialises Payload's Local API outside Next (server start-up, CLI scripts). The config reads
 * its connection and secret from the environment when first imported, so they are set first.
 * Payload caches the instance on `global._payload`: Next's route handlers in this process reuse it.
 */
export async function initCms(connection: CmsConnection): Promise<Payload> {
  setCmsEnvironment(connection);
  // One after the other: importing the two graphs concurrently (they share Payload's modules) was
  // seen to deadlock Node's module loader now and then, leaving both promises pending forever.
  const { getPayload } = await import('payload');
  const { default: config } = await import('./payload.config.ts');
  return getPayload({ config });
}
