import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { AppServices } from '../services/app-services.ts';
import type { Auth } from '../services/members/session.service.ts';
import type { ClientKey } from '../services/security/client-keys.ts';
import type { CatalogLoaders } from './catalog/catalog.loaders.ts';

/** What every resolver gets: one EntityManager per request, the app-wide services, and the caller. */
export type Context = {
  em: EntityManager;
  config: Config;
  log: Logger;
  app: AppServices;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The client's throttling keys (keyed hashes of its address): the only form in which it is used. */
  client: ClientKey;
  /** The signed-in member and session, looked up once per request. */
  auth: () => Promise<Auth | null>;
  /** The catalog's per-request loaders, created on first use (see catalogLoaders). */
  loaders?: CatalogLoaders;
};
