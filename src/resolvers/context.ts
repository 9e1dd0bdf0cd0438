import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../services/scope.ts';
import { CatalogLoaders } from './catalog/catalog.loaders.ts';
import type { DisclosureTrail } from './partners/disclosure-trail.ts';

/**
 * What every resolver gets: the request's scope (actor, services) and the HTTP exchange for
 * cookies. Resolvers parse, call a service of the scope, and map; they never touch `em` or SQL.
 */
export type Context = {
  scope: Scope;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The catalog's per-request loaders, made on first use: requests that read no catalog pay nothing. */
  readonly loaders: CatalogLoaders;
  /** For a partner app's request: the fields with personal data it resolved (disclosure-trail.ts). */
  disclosed?: DisclosureTrail;
};

// Apollo copies the context object for each operation (Object.assign onto its prototype), so its
// state lives in plain properties, which the copy keeps; private (#) fields would not survive it.
class RequestContext implements Context {
  private madeLoaders: CatalogLoaders | undefined;

  constructor(
    readonly scope: Scope,
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
    readonly disclosed: DisclosureTrail | undefined,
  ) {}

  get loaders(): CatalogLoaders {
    this.madeLoaders ??= new CatalogLoaders(this.scope.catalog);
    return this.madeLoaders;
  }
}

/** One request's context. */
export function requestContext(opts: {
  scope: Scope;
  request: FastifyRequest;
  reply: FastifyReply;
  disclosed?: DisclosureTrail;
}): Context {
  return new RequestContext(opts.scope, opts.request, opts.reply, opts.disclosed);
}
