import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres';

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "cms"."enum_announcements_status" AS ENUM('draft', 'sending', 'sent');
  CREATE TABLE "cms"."announcements" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"subject" varchar NOT NULL,
  	"body" jsonb NOT NULL,
  	"status" "cms"."enum_announcements_status" DEFAULT 'draft' NOT NULL,
  	"sent_count" numeric DEFAULT 0,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "cms"."payload_locked_documents_rels" ADD COLUMN "announcements_id" integer;
  CREATE INDEX "announcements_updated_at_idx" ON "cms"."announcements" USING btree ("updated_at");
  CREATE INDEX "announcements_created_at_idx" ON "cms"."announcements" USING btree ("created_at");
  ALTER TABLE "cms"."payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_announcements_fk" FOREIGN KEY ("announcements_id") REFERENCES "cms"."announcements"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_announcements_id_idx" ON "cms"."payload_locked_documents_rels" USING btree ("announcements_id");`);
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "cms"."announcements" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "cms"."announcements" CASCADE;
  ALTER TABLE "cms"."payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_announcements_fk";
  
  DROP INDEX "cms"."payload_locked_documents_rels_announcements_id_idx";
  ALTER TABLE "cms"."payload_locked_documents_rels" DROP COLUMN "announcements_id";
  DROP TYPE "cms"."enum_announcements_status";`);
}
