import { Migration } from '@mikro-orm/migrations';

/**
 * An entry is written with no ledger index and given one by the builder just after (see
 * Migration20261202120000_ledger_builder): the index of ledger indexes need not hold the entries
 * that have none yet. As a partial unique index, an append writes one index entry fewer, and the
 * index is as unique as before for every entry that has one.
 */
export class Migration20261202130000_ledger_index_partial extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE consent_event DROP CONSTRAINT consent_event_ledger_index_unique;');
    this.addSql(
      'CREATE UNIQUE INDEX consent_event_ledger_index_unique ON consent_event (ledger_index) WHERE ledger_index IS NOT NULL;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX consent_event_ledger_index_unique;');
    this.addSql('ALTER TABLE consent_event ADD CONSTRAINT consent_event_ledger_index_unique UNIQUE (ledger_index);');
  }
}
