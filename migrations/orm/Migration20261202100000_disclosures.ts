import { Migration } from '@mikro-orm/migrations';

/**
 * The disclosure log of partner apps (issue 11): one row per response that carried a member's
 * personal data to a partner, written before the response is sent. Appended, never updated, so
 * concurrent responses of one grant do not wait on one row; the member reads them grouped per
 * grant, field set and UTC day. The grant, field set and time only: no IP address, user agent or
 * request body. Erased with the grant (and so with the member).
 */
export class Migration20261202100000_disclosures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE partner_disclosure (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        grant_id uuid NOT NULL REFERENCES partner_grant (id) ON DELETE CASCADE,
        fields text[] NOT NULL CHECK (cardinality(fields) BETWEEN 1 AND 100),
        at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      );`);
    this.addSql('CREATE INDEX partner_disclosure_grant_idx ON partner_disclosure (grant_id, at);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE partner_disclosure;');
  }
}
