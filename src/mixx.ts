import 'reflect-metadata';
import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { Payload } from 'payload';
import { cmsMigrations } from '../migrations/cms/index.ts';
import { initCms } from './cms/init-cms.ts';
import type { Config } from './config.ts';
import { startEmbeddedPostgres } from './database/embedded-postgres.ts';
import { inTransaction, migrateOrm, withMigrationLock } from './database/migrate.ts';
import { type Orm, openOrm } from './database/orm.ts';
import { registerCms } from './http/cms.plugin.ts';
import { coversPlugin } from './http/covers.plugin.ts';
import { downloadsPlugin } from './http/downloads.plugin.ts';
import { registerGraphql } from './http/graphql.plugin.ts';
import { createHttpServer, trackRequests } from './http/http-server.ts';
import { jwksPlugin } from './http/jwks.plugin.ts';
import { registerOauth } from './http/oauth.plugin.ts';
import { createAuthorizationServer } from './http/oauth-server.ts';
import { adminSetupPages } from './http/pages/admin-setup.plugin.ts';
import { consentPages } from './http/pages/consent-pages.plugin.ts';
import { memberPages } from './http/pages/member-pages.plugin.ts';
import { oauthPages } from './http/pages/oauth-pages.plugin.ts';
import { StaffCookieSeal } from './http/staff-cookie.ts';
import { stripeWebhookPlugin } from './http/stripe-webhook.plugin.ts';
import { registerWebApp } from './http/web-app.plugin.ts';
import type { Logger } from './log.ts';
import { cmsDir } from './paths.ts';
import { buildMixxSchema } from './resolvers/build-schema.ts';
import { startAnnouncementWorker } from './services/announcements/announcement-worker.ts';
import { StripePayments } from './services/billing/stripe-payments.ts';
import { catalogSql } from './services/catalog/catalog-db.ts';
import { GenreDirectory } from './services/catalog/genre-directory.ts';
import { BackgroundTasks } from './services/common/background.ts';
import { deriveKey } from './services/crypto/keys.ts';
import { startLedgerCheckpoints } from './services/ledger/lifecycle.ts';
import { Mailer } from './services/mail/mailer.ts';
import { scheduleMaintenance } from './services/maintenance.ts';
import { DisclosureWriter } from './services/partners/disclosure-log.ts';
import { scheduleLegalNotices } from './services/partners/legal-disclosures.ts';
import { PartnerIds } from './services/partners/partner-ids.ts';
import { TrustedDocuments } from './services/partners/trusted-documents.ts';
import { snapshotPublishedPolicies } from './services/policies/policy-snapshot.ts';
import type { Runtime } from './services/runtime.ts';
import { CostBudgets } from './services/security/cost-budget.ts';
import { Throttle, type ThrottleLimits } from './services/security/throttle.ts';

const SHUTDOWN_GRACE_MS = 10_000;

export type Mixx = {
  config: Config;
  services: Runtime;
  app: FastifyInstance;
  orm: Orm;
  payload: Payload;
  databaseUrl: string;
  url: string;
  close: () => Promise<void>;
};

export type StartOptions = {
  config: Config;
  log: Logger;
  /** Listen on this port instead of config.port (0: any free port; tests). */
  port?: number;
  host?: string;
  /** Serve the admin through Next; off for API-only tests that do not need the built admin. */
  withAdmin?: boolean;
  /** Narrower throttling windows, so that tests can see a limit end. */
  throttleLimits?: Partial<ThrottleLimits>;
  /** GraphQL cost analysis; off only for the benchmark that measures what it costs. */
  isCostAnalysed?: boolean;
};

/** What start-up opened, each with what closes it; closed in reverse order, each step once. */
class Closers {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];

  constructor(private readonly log: Logger) {}

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  async closeAll(): Promise<void> {
    for (const step of this.steps.reverse()) {
      this.log.debug({ msg: 'shutdown step', step: step.name });
      await step.run().catch((err) => this.log.warn({ msg: 'shutdown step failed', step: step.name, err }));
    }
    this.steps.length = 0;
  }
}

/**
 * config → database → migrations → CMS → runtime and workers → HTTP, in that order, each step
 * handing its closers to the stack; `close` undoes it in reverse.
 */
export async function startMixx(opts: StartOptions): Promise<Mixx> {
  const { config, log } = opts;
  const closers = new Closers(log);
  const close = () => closers.closeAll();
  try {
    const { databaseUrl, orm, isEmbedded } = await openDatabase(opts, closers);
    const payload = await openCms(opts, databaseUrl, closers);
    await withMigrationLock(databaseUrl, async () => {
      await migrateOrm(orm);
      await payload.db.migrate({ migrations: cmsMigrations });
      await prepareContent({ config, payload, databaseUrl, log });
    });
    const services = await makeRuntime(opts, orm, closers);
    await startWorkers(services, { databaseUrl, payload }, closers);
    const app = await openHttp(opts, { services, payload }, closers);

    const url = await app.listen({ port: opts.port ?? config.port, host: opts.host ?? '0.0.0.0' });
    log.info({ msg: 'Mixx is listening', url: url.replace('0.0.0.0', 'localhost'), embeddedDatabase: isEmbedded });
    return { config, services, app, orm, payload, databaseUrl, url: url.replace('0.0.0.0', '127.0.0.1'), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The embedded PostgreSQL when no DATABASE_URL is given, and the ORM on it. */
async function openDatabase({ config, log }: StartOptions, closers: Closers) {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  if (embedded) closers.add('embedded database', embedded.stop);
  const databaseUrl = config.databaseUrl ?? (embedded as { url: string }).url;
  const orm = await openOrm({ url: databaseUrl, log });
  closers.add('orm', () => orm.close(true));
  return { databaseUrl, orm, isEmbedded: Boolean(embedded) };
}

async function openCms({ config, log }: StartOptions, databaseUrl: string, closers: Closers): Promise<Payload> {
  const payload = await startPayload({ config, databaseUrl });
  // An idle client's error (a database restart) must not crash the process: pg.Pool rethrows
  // errors that nobody listens to, and Payload's pool has no listener of its own.
  (payload.db as unknown as { pool?: import('pg').Pool }).pool?.on('error', (error) =>
    log.warn({ msg: 'a CMS database connection failed', code: (error as { code?: string }).code }),
  );
  closers.add('payload', async () => {
    await payload.destroy();
    // getPayload caches the instance process-wide; a later start in this process needs a new one.
    (globalThis as { _payload?: Map<string, unknown> })._payload?.delete('default');
  });
  return payload;
}

/**
 * The runtime alone, for an operator command that runs services outside the server
 * (`announcements:send`): the same dependencies as the server's, closed in reverse by `close`.
 */
export async function openRuntime(
  opts: Pick<StartOptions, 'config' | 'log'>,
  orm: Orm,
): Promise<{ runtime: Runtime; close: () => Promise<void> }> {
  const closers = new Closers(opts.log);
  const runtime = await makeRuntime(opts, orm, closers);
  return { runtime, close: () => closers.closeAll() };
}

/** The process-wide dependencies of the services (src/services/runtime.ts). */
async function makeRuntime(
  opts: Pick<StartOptions, 'config' | 'log' | 'throttleLimits'>,
  orm: Orm,
  closers: Closers,
): Promise<Runtime> {
  const { config, log } = opts;
  const mailer = new Mailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    secret: config.secret,
    log,
  });
  const throttle = new Throttle({
    secret: config.secret,
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    limits: opts.throttleLimits,
    onSharedSaltFailed: () => log.warn({ msg: 'Redis does not answer: client keys are salted per instance for a minute' }),
    // An outage moves the counters to memory, and back (docs/operations.md).
    onRedisShared: (isShared) =>
      isShared
        ? log.info({ msg: 'Redis answers again: rate limits are shared between instances again' })
        : log.warn({ msg: 'Redis does not answer: rate limits count per instance until it does' }),
  });
  if (config.redisUrl && !(await throttle.ready()))
    log.warn({ msg: 'Redis does not answer: rate limits count per instance until it does' });
  closers.add('mail and throttle', async () => {
    mailer.close();
    await throttle.close();
  });
  const background = new BackgroundTasks(log);
  closers.add('background tasks', async () => {
    if (!(await background.drain(SHUTDOWN_GRACE_MS))) log.warn({ msg: 'shutdown went on with background tasks still running' });
  });
  return {
    config,
    log,
    orm,
    mailer,
    throttle,
    costBudgets: new CostBudgets({
      secret: config.secret,
      budget: config.costBudget,
      redis: throttle.redis,
      prefix: config.redisPrefix,
      onRedisFailed: () => log.warn({ msg: 'Redis does not answer: query cost budgets are kept per instance for 10 s' }),
    }),
    background,
    genres: new GenreDirectory(catalogSql(orm.em)),
    partnerIds: new PartnerIds(config.secret),
    disclosureWriter: new DisclosureWriter(() => orm.em),
    trustedDocuments: new TrustedDocuments(() => orm.em),
    payments: config.stripe && new StripePayments(config.stripe),
  };
}

/** The jobs: announcements, maintenance, ledger checkpoints, legal-disclosure notices. */
async function startWorkers(services: Runtime, opts: { databaseUrl: string; payload: Payload }, closers: Closers) {
  const announcements = await startAnnouncementWorker({
    databaseUrl: opts.databaseUrl,
    runtime: services,
    payload: opts.payload,
  });
  closers.add('announcement queue', announcements.stop);
  closers.add('maintenance', scheduleMaintenance(services).stop);
  closers.add('ledger checkpoints', (await startLedgerCheckpoints(services)).stop);
  closers.add('legal disclosure notices', scheduleLegalNotices(services).stop);
}

/** The HTTP server and every route on it (not yet listening). */
async function openHttp(opts: StartOptions, { services, payload }: { services: Runtime; payload: Payload }, closers: Closers) {
  const { config, log, orm } = services;
  const app = createHttpServer({
    config,
    log,
    isReady: async () => {
      await orm.em.getConnection().execute('select 1');
      return true;
    },
  });
  const requests = trackRequests(app);
  let apollo: ApolloServer<any> | undefined;
  closers.add('http', async () => {
    // In-flight requests get a bounded time to finish; then their connections are cut. Handlers
    // whose clients hung up are waited for too: they may still be writing to the database.
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    const cut = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await app.close();
    clearTimeout(cut);
    if (!(await requests.settled(Math.max(0, deadline - Date.now())))) {
      log.warn({ msg: 'shutdown went on with requests still running' });
    }
    await apollo?.stop();
  });
  apollo = await registerGraphql(app, { schema: await buildMixxSchema(), services, isCostAnalysed: opts.isCostAnalysed });
  await app.register(memberPages, { services });
  await app.register(consentPages, { services });
  await app.register(downloadsPlugin, { services });
  await app.register(coversPlugin, { services });
  await app.register(jwksPlugin, { services });
  const authorizationServer = createAuthorizationServer(services);
  await registerOauth(app, authorizationServer);
  await app.register(oauthPages, { services, provider: authorizationServer });
  await app.register(adminSetupPages, { services, payload });
  await registerWebApp(app, { log });
  await app.register(stripeWebhookPlugin, { services });
  if (opts.withAdmin !== false) {
    const seal = new StaffCookieSeal(deriveKey(config.secret, 'staff-cookie'));
    await registerCms(app, { handle: await startNext(config), seal, throttle: services.throttle });
  }
  return app;
}

/**
 * Payload reads its database and secret from the environment (its config is also compiled by
 * Next). Its secret is derived from MIXX_SECRET, never a second one to manage. The outer process
 * initialises Payload first, and Next's bundled copy finds the same instance in `global._payload`.
 */
function startPayload(opts: { config: Config; databaseUrl: string }): Promise<Payload> {
  return initCms({
    databaseUrl: opts.databaseUrl,
    secret: deriveKey(opts.config.secret, 'payload').toString('hex'),
    site: opts.config,
  });
}

async function prepareContent(opts: { config: Config; payload: Payload; databaseUrl: string; log: Logger }): Promise<void> {
  const { seedPolicies } = await import('./cms/seed-policies.ts');
  const { ensureInitialAdmin } = await import('./cms/staff.ts');
  // A publish whose snapshot was never written (a crash between the two) is repaired first,
  // so that seeding and later publishes number after it.
  const repaired = await inTransaction(opts.databaseUrl, (query) => snapshotPublishedPolicies(query));
  if (repaired) opts.log.warn({ msg: 'snapshotted published policy versions that had none', count: repaired });
  await seedPolicies(opts.payload);
  if (opts.config.adminEmail && opts.config.adminPassword) {
    await ensureInitialAdmin(opts.payload, { email: opts.config.adminEmail, password: opts.config.adminPassword });
  }
  // On an empty catalog, the generated demo catalog (loaded only when wanted: MIXX_DEMO_CATALOG).
  if (opts.config.demoCatalog) await (await import('./services/catalog/demo/demo-catalog.ts')).importDemoCatalogIfEmpty(opts);
}

async function startNext(config: Config) {
  const mod = (await import('next')) as unknown as { default: typeof import('next').default };
  const next = ((mod.default as unknown as { default?: unknown }).default ?? mod.default) as typeof import('next').default;
  const nextApp = next({ dev: config.nextDev, dir: cmsDir, quiet: true });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  return (req: Parameters<typeof handle>[0], res: Parameters<typeof handle>[1]) => handle(req, res);
}
