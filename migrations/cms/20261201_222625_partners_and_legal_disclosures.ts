import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres';

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "cms"."enum_partners_allowed_scopes" AS ENUM('openid', 'profile', 'email', 'downloads:read', 'downloads:write', 'offline_access');
  CREATE TYPE "cms"."enum_partners_client_type" AS ENUM('confidential', 'public');
  CREATE TYPE "cms"."enum_partners_token_endpoint_auth_method" AS ENUM('client_secret_basic', 'client_secret_post');
  CREATE TYPE "cms"."enum_legal_disclosures_data_categories" AS ENUM('identity', 'account', 'downloads', 'consents', 'partners', 'billing');
  CREATE TABLE "cms"."partners_redirect_uris" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"url" varchar NOT NULL
  );
  
  CREATE TABLE "cms"."partners_allowed_scopes" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "cms"."enum_partners_allowed_scopes",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "cms"."partners" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"client_id" varchar,
  	"client_type" "cms"."enum_partners_client_type" DEFAULT 'confidential' NOT NULL,
  	"token_endpoint_auth_method" "cms"."enum_partners_token_endpoint_auth_method" DEFAULT 'client_secret_basic',
  	"client_secret_hash" varchar,
  	"homepage_url" varchar,
  	"privacy_policy_url" varchar,
  	"disabled" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "cms"."legal_disclosures_data_categories" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "cms"."enum_legal_disclosures_data_categories",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "cms"."legal_disclosures" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"authority" varchar NOT NULL,
  	"legal_basis" varchar NOT NULL,
  	"disclosed_at" timestamp(3) with time zone NOT NULL,
  	"member_link" varchar,
  	"notify_member_after" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "cms"."payload_locked_documents_rels" ADD COLUMN "partners_id" integer;
  ALTER TABLE "cms"."payload_locked_documents_rels" ADD COLUMN "legal_disclosures_id" integer;
  ALTER TABLE "cms"."partners_redirect_uris" ADD CONSTRAINT "partners_redirect_uris_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "cms"."partners"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "cms"."partners_allowed_scopes" ADD CONSTRAINT "partners_allowed_scopes_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "cms"."partners"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "cms"."legal_disclosures_data_categories" ADD CONSTRAINT "legal_disclosures_data_categories_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "cms"."legal_disclosures"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "partners_redirect_uris_order_idx" ON "cms"."partners_redirect_uris" USING btree ("_order");
  CREATE INDEX "partners_redirect_uris_parent_id_idx" ON "cms"."partners_redirect_uris" USING btree ("_parent_id");
  CREATE INDEX "partners_allowed_scopes_order_idx" ON "cms"."partners_allowed_scopes" USING btree ("order");
  CREATE INDEX "partners_allowed_scopes_parent_idx" ON "cms"."partners_allowed_scopes" USING btree ("parent_id");
  CREATE UNIQUE INDEX "partners_client_id_idx" ON "cms"."partners" USING btree ("client_id");
  CREATE INDEX "partners_updated_at_idx" ON "cms"."partners" USING btree ("updated_at");
  CREATE INDEX "partners_created_at_idx" ON "cms"."partners" USING btree ("created_at");
  CREATE INDEX "legal_disclosures_data_categories_order_idx" ON "cms"."legal_disclosures_data_categories" USING btree ("order");
  CREATE INDEX "legal_disclosures_data_categories_parent_idx" ON "cms"."legal_disclosures_data_categories" USING btree ("parent_id");
  CREATE INDEX "legal_disclosures_member_link_idx" ON "cms"."legal_disclosures" USING btree ("member_link");
  CREATE INDEX "legal_disclosures_updated_at_idx" ON "cms"."legal_disclosures" USING btree ("updated_at");
  CREATE INDEX "legal_disclosures_created_at_idx" ON "cms"."legal_disclosures" USING btree ("created_at");
  ALTER TABLE "cms"."payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_partners_fk" FOREIGN KEY ("partners_id") REFERENCES "cms"."partners"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "cms"."payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_legal_disclosures_fk" FOREIGN KEY ("legal_disclosures_id") REFERENCES "cms"."legal_disclosures"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_partners_id_idx" ON "cms"."payload_locked_documents_rels" USING btree ("partners_id");
  CREATE INDEX "payload_locked_documents_rels_legal_disclosures_id_idx" ON "cms"."payload_locked_documents_rels" USING btree ("legal_disclosures_id");`);
  // Written by hand: legal-disclosure records are append-only at the database, as the consent
  // ledger is (public.mixx_refuse_change comes from the API's first migration, which runs first).
  for (const table of ['legal_disclosures', 'legal_disclosures_data_categories']) {
    await db.execute(
      sql.raw(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "cms"."${table}"
        FOR EACH ROW EXECUTE FUNCTION public.mixx_refuse_change();
      CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "cms"."${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION public.mixx_refuse_change();`),
    );
  }
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "cms"."partners_redirect_uris" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "cms"."partners_allowed_scopes" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "cms"."partners" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "cms"."legal_disclosures_data_categories" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "cms"."legal_disclosures" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "cms"."partners_redirect_uris" CASCADE;
  DROP TABLE "cms"."partners_allowed_scopes" CASCADE;
  DROP TABLE "cms"."partners" CASCADE;
  DROP TABLE "cms"."legal_disclosures_data_categories" CASCADE;
  DROP TABLE "cms"."legal_disclosures" CASCADE;
  ALTER TABLE "cms"."payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_partners_fk";
  
  ALTER TABLE "cms"."payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_legal_disclosures_fk";
  
  DROP INDEX "cms"."payload_locked_documents_rels_partners_id_idx";
  DROP INDEX "cms"."payload_locked_documents_rels_legal_disclosures_id_idx";
  ALTER TABLE "cms"."payload_locked_documents_rels" DROP COLUMN "partners_id";
  ALTER TABLE "cms"."payload_locked_documents_rels" DROP COLUMN "legal_disclosures_id";
  DROP TYPE "cms"."enum_partners_allowed_scopes";
  DROP TYPE "cms"."enum_partners_client_type";
  DROP TYPE "cms"."enum_partners_token_endpoint_auth_method";
  DROP TYPE "cms"."enum_legal_disclosures_data_categories";`);
}
