import { Migration } from '@mikro-orm/migrations';

/**
 * Members, their sessions and single-use e-mail tokens, policy acceptances, and the append-only
 * consent ledger.
 *
 * Privacy by construction: no column anywhere holds an IP address. Tokens are stored only as
 * sha256 hashes. The ledger names a member only by a random pseudonym kept on the member row:
 * erasing the member deletes the row, and with it the only link from the ledger to the person,
 * while the ledger itself is never rewritten (the database refuses UPDATE, DELETE and TRUNCATE).
 */
export class Migration20261129110000_members extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        email_verified_at timestamptz,
        plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'premium')),
        pseudonym uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT member_email_unique UNIQUE (email),
        CONSTRAINT member_email_lower CHECK (email = lower(email))
      );`);
    this.addSql(`
      CREATE TABLE member_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        user_agent text
      );`);
    this.addSql('CREATE INDEX member_session_member_idx ON member_session (member_id, created_at DESC);');
    this.addSql('CREATE INDEX member_session_expires_idx ON member_session (expires_at);');
    this.addSql(`
      CREATE TABLE member_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify-email', 'reset-password', 'change-email', 'confirm-email-consent')),
        token_hash text NOT NULL UNIQUE,
        email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );`);
    this.addSql('CREATE INDEX member_token_member_idx ON member_token (member_id, purpose);');
    this.addSql(`
      CREATE TABLE consent_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('POLICY_ACCEPTED', 'EMAIL_REQUESTED', 'EMAIL_CONFIRMED', 'EMAIL_WITHDRAWN',
          'COOKIES_SET', 'PARTNER_GRANTED', 'PARTNER_REVOKED')),
        at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
        policy_version_id uuid REFERENCES policy_version (id),
        content_hash text,
        source text NOT NULL CHECK (source IN ('registration', 'settings', 'prompt', 'email-link', 'one-click', 'system')),
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        CHECK ((kind = 'POLICY_ACCEPTED') = (policy_version_id IS NOT NULL AND content_hash IS NOT NULL))
      );`);
    this.addSql('CREATE INDEX consent_event_subject_idx ON consent_event (subject, at DESC, id DESC);');
    this.addSql(`CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event
      FOR EACH ROW EXECUTE FUNCTION mixx_refuse_change();`);
    this.addSql(`CREATE TRIGGER consent_event_no_truncate BEFORE TRUNCATE ON consent_event
      FOR EACH STATEMENT EXECUTE FUNCTION mixx_refuse_change();`);
    this.addSql(`
      CREATE TABLE policy_acceptance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        policy_version_id uuid NOT NULL REFERENCES policy_version (id),
        consent_event_id uuid NOT NULL REFERENCES consent_event (id) DEFERRABLE INITIALLY DEFERRED,
        accepted_at timestamptz NOT NULL,
        CONSTRAINT policy_acceptance_once UNIQUE (member_id, policy_version_id)
      );`);
  }
}
