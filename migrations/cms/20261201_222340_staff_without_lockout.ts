import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres';

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "cms"."staff" DROP COLUMN "login_attempts";
  ALTER TABLE "cms"."staff" DROP COLUMN "lock_until";`);
  // Written by hand: from now on only hashes of reset tokens are stored (src/cms/reset-token.ts).
  // A token stored in the clear before is erased; its link stops working, a new one can be asked for.
  await db.execute(sql`
  UPDATE "cms"."staff" SET "reset_password_token" = NULL, "reset_password_expiration" = NULL
  WHERE "reset_password_token" IS NOT NULL AND "reset_password_token" NOT LIKE 'sha256:%';`);
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "cms"."staff" ADD COLUMN "login_attempts" numeric DEFAULT 0;
  ALTER TABLE "cms"."staff" ADD COLUMN "lock_until" timestamp(3) with time zone;`);
}
