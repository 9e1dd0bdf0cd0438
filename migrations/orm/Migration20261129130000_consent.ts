import { Migration } from '@mikro-orm/migrations';

/**
 * Consent state beside the ledger: the member's e-mail consent (written in the same transaction as
 * its ledger entry), cookie choices of members and of anonymous visitors (a random id, nothing
 * else; purged after 13 months without change), and the deliveries of information e-mails, each
 * recorded before its message leaves, with the hash of its personal unsubscribe token.
 */
export class Migration20261129130000_consent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE member
        ADD COLUMN email_consent text NOT NULL DEFAULT 'NONE' CHECK (email_consent IN ('NONE', 'PENDING', 'GRANTED', 'WITHDRAWN')),
        ADD COLUMN email_consent_at timestamptz;`);
    this.addSql(`CREATE INDEX member_email_consent_granted_idx ON member (id) WHERE email_consent = 'GRANTED';`);
    this.addSql(`
      CREATE TABLE cookie_preferences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid UNIQUE REFERENCES member (id) ON DELETE CASCADE,
        visitor_id uuid UNIQUE,
        preferences boolean NOT NULL,
        analytics boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((member_id IS NULL) <> (visitor_id IS NULL))
      );`);
    this.addSql(
      'CREATE INDEX cookie_preferences_visitor_updated_idx ON cookie_preferences (updated_at) WHERE visitor_id IS NOT NULL;',
    );
    this.addSql(`
      CREATE TABLE announcement_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        announcement_id text NOT NULL,
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        unsubscribe_token_hash text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'skipped', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT announcement_delivery_once UNIQUE (announcement_id, member_id)
      );`);
    this.addSql('CREATE INDEX announcement_delivery_member_idx ON announcement_delivery (member_id);');
  }
}
