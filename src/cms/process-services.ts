import type { Throttle } from '../services/security/throttle.ts';

/**
 * What Payload's hooks and endpoints need from the server process. They may run in Next's bundled
 * copy of this module, so the server registers the services on a process-wide symbol rather than
 * in a module variable (as with the announcement queue). Plain TypeScript: Next bundles it.
 */
const KEY = Symbol.for('mixx.cms-services');

export type CmsServices = {
  throttle: Pick<Throttle, 'attempt' | 'succeeded'>;
};

export function registerCmsServices(services: CmsServices | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = services;
}

export function cmsServices(): CmsServices | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as CmsServices | undefined;
}
