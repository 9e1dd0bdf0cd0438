import type { Payload } from 'payload';
import { type CmsHandOver, handOverToCms } from '../config.ts';

export type CmsConnection = CmsHandOver;

/**
 * Initialises Payload's Local API outside Next (server start-up, CLI scripts): the one way Payload
 * starts. The config reads its settings from the environment when first imported, so they are
 * handed over first.
 * Payload caches the instance on `global._payload`: Next's route handlers in this process reuse it.
 */
export async function initCms(connection: CmsConnection): Promise<Payload> {
  handOverToCms(connection);
  // One after the other: importing the two graphs concurrently (they share Payload's modules) was
  // seen to deadlock Node's module loader now and then, leaving both promises pending forever.
  const { getPayload } = await import('payload');
  const { default: config } = await import('./payload.config.ts');
  return getPayload({ config });
}
