import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres';

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "cms"."partners" ADD COLUMN "trusted_documents_only" boolean DEFAULT false;
  ALTER TABLE "cms"."partners" ADD COLUMN "cost_budget" numeric;`);
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "cms"."partners" DROP COLUMN "trusted_documents_only";
  ALTER TABLE "cms"."partners" DROP COLUMN "cost_budget";`);
}
