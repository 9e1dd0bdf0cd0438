import { Migration } from '@mikro-orm/migrations';

/**
 * Published policy versions, immutable at the database: row triggers refuse UPDATE and DELETE and a
 * statement trigger refuses TRUNCATE, whatever role the application connects with. (Run production
 * with a non-owner role too: an owner could still drop the triggers; see the README.)
 */
export class Migration20261129100000_policy_versions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION mixx_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;`);
    this.addSql(`
      CREATE TABLE policy_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('terms', 'privacy')),
        version integer NOT NULL CHECK (version > 0),
        title text NOT NULL,
        body_html text NOT NULL,
        body_text text NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        change_summary text,
        requires_reacceptance boolean NOT NULL,
        effective_at timestamptz NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text NOT NULL,
        cms_version_id text UNIQUE,
        CONSTRAINT policy_version_kind_version_unique UNIQUE (kind, version)
      );`);
    this.addSql('CREATE INDEX policy_version_kind_effective_idx ON policy_version (kind, effective_at, version DESC);');
    this.addSql(`CREATE TRIGGER policy_version_immutable BEFORE UPDATE OR DELETE ON policy_version
      FOR EACH ROW EXECUTE FUNCTION mixx_refuse_change();`);
    this.addSql(`CREATE TRIGGER policy_version_no_truncate BEFORE TRUNCATE ON policy_version
      FOR EACH STATEMENT EXECUTE FUNCTION mixx_refuse_change();`);
  }
}
