import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { type Context, requestContext } from '../resolvers/context.ts';
import { DisclosureTrail } from '../resolvers/partners/disclosure-trail.ts';
import type { Runtime } from '../services/runtime.ts';
import { graphiqlPage } from './graphiql.ts';
import { queryCostPlugin } from './graphql-cost.plugin.ts';
import { disclosurePlugin } from './graphql-disclosures.ts';
import { createFormatError } from './graphql-errors.ts';
import { compiledExecution } from './graphql-executor.ts';
import { nulBytePlugin } from './graphql-input.ts';
import { complexityRule } from './graphql-limits.ts';
import { trustedDocumentsPlugin } from './graphql-trusted-documents.ts';
import { scopeOfRequest } from './request-scope.ts';

/**
 * Apollo keeps parsed and validated documents by their text, up to a size it measures as their
 * JSON (30 MiB by default: about 90 MB of heap once full, which 10,000 fuzzed documents fill and
 * which then stays). 4 MiB holds over a thousand documents of the catalog page's size (3.3 KB;
 * the standard introspection query 15 KB), more than any set of apps sends.
 */
const DOCUMENT_STORE_BYTES = 4 * 1024 * 1024;

/** `/graphql` over GET and POST (GraphQL over HTTP), Apollo Server 5 with CSRF prevention on. */
export async function registerGraphql(
  app: FastifyInstance,
  opts: {
    schema: GraphQLSchema;
    services: Runtime;
    /** Cost analysis (limit, budgets, `extensions.cost`); off only to measure what it costs (bench/). */
    isCostAnalysed?: boolean;
  },
): Promise<ApolloServer<Context>> {
  const { config, log } = opts.services;
  const apollo = new ApolloServer<Context>({
    gateway: compiledExecution(opts.schema, config.compileAfterRuns),
    introspection: !config.isProduction,
    csrfPrevention: true,
    // Mixx shuts down in its own order (src/server.ts); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Apollo's automatic persisted queries are on unless switched off, and answer a hash that does
    // not match its query with an error that has no code (masked as INTERNAL_SERVER_ERROR): off,
    // any persisted-query extension is PERSISTED_QUERY_NOT_SUPPORTED, except a partner app's id of
    // a document registered for it (graphql-trusted-documents.ts).
    persistedQueries: false,
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: DOCUMENT_STORE_BYTES }),
    validationRules: [complexityRule],
    formatError: createFormatError({ log: log, isProduction: config.isProduction }),
    // No cache hints are used; the default cache-control plugin would hook every field of every response.
    plugins: [
      fastifyApolloDrainPlugin(app),
      nulBytePlugin(),
      trustedDocumentsPlugin(opts.services.trustedDocuments),
      ...(opts.isCostAnalysed === false ? [] : [queryCostPlugin(opts.services.costBudgets)]),
      disclosurePlugin(log),
      ApolloServerPluginCacheControlDisabled(),
      // Apollo adds federation's inline tracing unless told not to; it would only ever run for a
      // subgraph, yet its hook is awaited on every request.
      ApolloServerPluginInlineTraceDisabled(),
      // Apollo's landing page loads from a CDN; GraphiQL is served from our own files instead (graphiql.ts).
      ApolloServerPluginLandingPageDisabled(),
    ],
    logger: {
      debug: () => {},
      info: () => {},
      warn: (m) => log.warn({ msg: 'apollo', detail: String(m) }),
      error: (m) => log.error({ msg: 'apollo', detail: String(m) }),
    },
  });
  await apollo.start();
  const handler = fastifyApolloHandler(apollo, {
    context: async (request, reply) => {
      const scope = await scopeOfRequest(opts.services, request);
      const disclosed = scope.actor.kind === 'partner' ? new DisclosureTrail() : undefined;
      return requestContext({ scope, request, reply, disclosed });
    },
  });
  app.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/graphql', preHandler: graphiqlPage(config), handler });
  return apollo;
}
