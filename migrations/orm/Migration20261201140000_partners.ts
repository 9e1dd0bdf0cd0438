import { Migration } from '@mikro-orm/migrations';

/**
 * Partner apps (OAuth 2.1 / OpenID Connect) and legal-obligation disclosures.
 *
 * - `oauth_model`: everything oidc-provider stores (sessions, interactions, codes, tokens, grants),
 *   one row per model and id. The id is the SHA-256 of the artifact's identifier (for opaque
 *   tokens, the token itself), so reading this table gives no usable token. Lookup columns beside
 *   the JSON payload: grant id, uid, user code, expiry; the member (erasing the account removes
 *   every row of theirs by cascade) and the client (disabling a partner ends its tokens).
 * - `partner_grant`: what each member allowed each partner, as the member sees and revokes it.
 *   Revoked rows stay (the disclosure log refers to them) until the member is erased.
 * - `legal_disclosure_notice`: the member side of a legal-obligation disclosure recorded in the
 *   CMS (whose record holds only a pseudonymous link): whom to tell, from when, and when told.
 * - `consent_event`: the partner's client_id on PARTNER_GRANTED / PARTNER_REVOKED, and the
 *   `oauth` source. (The ledger work adds the same column; IF NOT EXISTS keeps the two compatible.)
 */
export class Migration20261201140000_partners extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE oauth_model (
        model text NOT NULL,
        id text NOT NULL,
        payload jsonb NOT NULL,
        grant_id text,
        uid text,
        user_code text,
        account_id uuid REFERENCES member (id) ON DELETE CASCADE,
        client_id text,
        consumed_at timestamptz,
        expires_at timestamptz,
        PRIMARY KEY (model, id)
      );`);
    this.addSql('CREATE INDEX oauth_model_grant_idx ON oauth_model (grant_id) WHERE grant_id IS NOT NULL;');
    this.addSql('CREATE INDEX oauth_model_uid_idx ON oauth_model (uid) WHERE uid IS NOT NULL;');
    this.addSql('CREATE INDEX oauth_model_user_code_idx ON oauth_model (user_code) WHERE user_code IS NOT NULL;');
    this.addSql('CREATE INDEX oauth_model_expires_idx ON oauth_model (expires_at);');
    this.addSql('CREATE INDEX oauth_model_account_idx ON oauth_model (account_id) WHERE account_id IS NOT NULL;');
    this.addSql('CREATE INDEX oauth_model_client_idx ON oauth_model (client_id) WHERE client_id IS NOT NULL;');
    this.addSql(`
      CREATE TABLE partner_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        client_id text NOT NULL,
        oidc_grant_id text NOT NULL,
        scopes text[] NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
        last_used_at timestamptz,
        revoked_at timestamptz
      );`);
    this.addSql('CREATE UNIQUE INDEX partner_grant_active_idx ON partner_grant (member_id, client_id) WHERE revoked_at IS NULL;');
    this.addSql('CREATE INDEX partner_grant_oidc_grant_idx ON partner_grant (oidc_grant_id);');
    this.addSql('CREATE INDEX partner_grant_client_idx ON partner_grant (client_id) WHERE revoked_at IS NULL;');
    this.addSql(`
      CREATE TABLE legal_disclosure_notice (
        disclosure_id integer PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        notify_after timestamptz NOT NULL,
        notified_at timestamptz
      );`);
    this.addSql('CREATE INDEX legal_disclosure_notice_member_idx ON legal_disclosure_notice (member_id);');
    this.addSql(
      'CREATE INDEX legal_disclosure_notice_due_idx ON legal_disclosure_notice (notify_after) WHERE notified_at IS NULL;',
    );
    this.addSql('ALTER TABLE consent_event ADD COLUMN IF NOT EXISTS partner_client_id text;');
    this.addSql(`
      ALTER TABLE consent_event DROP CONSTRAINT consent_event_source_check,
        ADD CONSTRAINT consent_event_source_check
        CHECK (source IN ('registration', 'settings', 'prompt', 'email-link', 'one-click', 'oauth', 'system'));`);
  }
}
