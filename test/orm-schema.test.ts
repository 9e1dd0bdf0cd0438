import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Orm, openOrm } from '../src/database/orm.ts';
import { freshDatabase } from './support/fresh-database.ts';

/**
 * Most tables of `public` have no entity: their areas query them in SQL of their own. MikroORM's
 * schema diff (what `migration:create` and `schema:update` would run) must not drop them.
 */
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let orm: Orm;

beforeAll(async () => {
  fresh = await freshDatabase();
  orm = await openOrm({ url: fresh.url });
  await orm.getMigrator().up();
});
afterAll(async () => {
  await orm?.close(true);
  await fresh?.drop();
});

describe("MikroORM's schema tooling", () => {
  it('drops none of the tables the migrations made, mapped or not', async () => {
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.match(/drop table[^;]*/gi) ?? []).toEqual([]);
    expect(diff).not.toMatch(/create table/i);
  });
});
