import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../services/scope.ts';
import type { CatalogLoaders } from './catalog/catalog.loaders.ts';
import type { DisclosureTrail } from './partners/disclosure-trail.ts';

/**
 * What every resolver gets: the request's scope (actor, services) and the HTTP exchange for
 * cookies. Resolvers parse, call a service of the scope, and map; they never touch `em` or SQL.
 */
export type Context = {
  scope: Scope;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The catalog's per-request loaders, created on first use (see catalogLoaders). */
  loaders?: CatalogLoaders;
  /** For a partner app's request: the fields with personal data it resolved (disclosure-trail.ts). */
  disclosed?: DisclosureTrail;
};
