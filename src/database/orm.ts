import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ormMigrations } from '../../migrations/orm/index.ts';
import { entities } from '../entities/index.ts';
import type { Logger } from '../log.ts';

export type Orm = MikroORM;

/**
 * Tables of `public` that the committed migrations create and that no entity maps: the catalog,
 * downloads, the ledger, partners, billing, announcements. Their queries are SQL of their own
 * (each area's query module); MikroORM's schema tooling must leave them alone, or its diff (a
 * `migration:create`, `schema:update`) would DROP them. A new table of that kind goes here too
 * (test/orm-schema.test.ts fails until it does).
 */
export const TABLES_WITHOUT_ENTITIES = [
  'announcement_delivery',
  'artist',
  'audio_file',
  'billing_customer',
  'billing_event',
  'billing_invoice',
  'billing_subscription',
  'download',
  'genre',
  'ledger_checkpoint',
  'ledger_node',
  'legal_disclosure_notice',
  'member_device',
  'oauth_model',
  'partner_disclosure',
  'partner_document',
  'partner_grant',
  'release',
  'release_genre',
  'search_word',
  'track',
  'track_genre',
];

export function ormOptions(opts: { url: string; log?: Logger; poolMax?: number }): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: opts.url,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    // Payload owns schema `cms` and the job queue `pgboss`: without this, a migration diff would DROP their tables.
    schemaGenerator: { ignoreSchema: ['cms', 'pgboss'], skipTables: TABLES_WITHOUT_ENTITIES },
    migrations: {
      migrationsList: ormMigrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    forceUtcTimezone: true,
    debug: false,
    allowGlobalContext: false,
    ensureDatabase: false,
    logger: (message: string) => opts.log?.debug({ msg: 'orm', detail: message }),
  };
}

export async function openOrm(opts: { url: string; log?: Logger; poolMax?: number }): Promise<Orm> {
  return MikroORM.init(ormOptions(opts));
}
