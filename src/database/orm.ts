import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ormMigrations } from '../../migrations/orm/index.ts';
import { entities } from '../entities/index.ts';
import type { Logger } from '../log.ts';

export type Orm = MikroORM;

export function ormOptions(opts: { url: string; log?: Logger; poolMax?: number }): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: opts.url,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    // Payload owns schema `cms` and the job queue `pgboss`: without this, a migration diff would DROP their tables.
    schemaGenerator: { ignoreSchema: ['cms', 'pgboss'] },
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
