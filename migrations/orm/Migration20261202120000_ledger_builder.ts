import { Migration } from '@mikro-orm/migrations';

/**
 * The ledger's tree is built after commit (issue 14): an entry is written with no ledger index, and
 * the ledger builder (src/services/ledger/builder.ts) gives it the next gapless index and its
 * subtree hashes in a transaction of its own, in batches, under the ledger's advisory lock. So the
 * request's transaction no longer holds that lock until its commit.
 * The table stays append-only: the one change allowed is an entry's index, once, from none to a
 * number, with every other column unchanged.
 */
export class Migration20261202120000_ledger_builder extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE consent_event ALTER COLUMN ledger_index DROP NOT NULL;');
    // The order entries were written in, which the builder indexes them in: a sequence, taken at
    // the insert (so two transactions serialised by a row lock keep their order; a timestamp may tie).
    this.addSql('ALTER TABLE consent_event ADD COLUMN append_seq bigint GENERATED ALWAYS AS IDENTITY;');
    // The builder's queue: the entries without an index, in that order.
    this.addSql('CREATE INDEX consent_event_unindexed_idx ON consent_event (append_seq) WHERE ledger_index IS NULL;');
    this.addSql(`
      CREATE FUNCTION mixx_consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.ledger_index IS NULL AND NEW.ledger_index IS NOT NULL
           AND to_jsonb(OLD) - 'ledger_index' = to_jsonb(NEW) - 'ledger_index' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;`);
    this.addSql('DROP TRIGGER consent_event_append_only ON consent_event;');
    this.addSql(`CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event
      FOR EACH ROW EXECUTE FUNCTION mixx_consent_event_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TRIGGER consent_event_append_only ON consent_event;');
    this.addSql(`CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event
      FOR EACH ROW EXECUTE FUNCTION mixx_refuse_change();`);
    this.addSql('DROP FUNCTION mixx_consent_event_append_only();');
    this.addSql('DROP INDEX consent_event_unindexed_idx;');
    this.addSql('ALTER TABLE consent_event DROP COLUMN append_seq;');
    this.addSql('ALTER TABLE consent_event ALTER COLUMN ledger_index SET NOT NULL;');
  }
}
