import { Migration } from '@mikro-orm/migrations';

/**
 * Billing (issue 12): what the payment provider told Mixx, and nothing it did not need. Provider
 * ids, statuses, periods and amounts; never a card, bank, name, address, e-mail or the hosted
 * invoice URL, and never a raw event. Schema `public` only: the CMS (staff) has no way to them.
 *
 * - `billing_customer`: the member's one customer at the provider, and `ref`, the opaque id the
 *   provider knows it by (`metadata[mixx_ref]`, `client_reference_id`). Erasure sets `member_id`
 *   to NULL: the row stays only as the pseudonymous owner of the tax records below.
 * - `billing_subscription`: the provider's last reported state of each subscription, with the
 *   provider's time of that state (`state_at`) so that an older event never overwrites a newer one.
 *   Erased with the member.
 * - `billing_invoice`: the invoices, kept after erasure (tax law), pseudonymised through their
 *   customer row; purged when their retention ends.
 * - `billing_event`: the ids of the provider's events already taken, so each takes effect once.
 */
export class Migration20261201150000_billing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE billing_customer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid UNIQUE REFERENCES member (id) ON DELETE SET NULL,
        ref uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        provider_customer_id text UNIQUE CHECK (provider_customer_id ~ '^[A-Za-z0-9_]{1,255}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      );`);
    this.addSql(`
      CREATE TABLE billing_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES billing_customer (id) ON DELETE CASCADE,
        provider_subscription_id text NOT NULL UNIQUE CHECK (provider_subscription_id ~ '^[A-Za-z0-9_]{1,255}$'),
        provider_price_id text CHECK (provider_price_id ~ '^[A-Za-z0-9_-]{1,255}$'),
        status text NOT NULL CHECK (status ~ '^[a-z_]{1,40}$'),
        current_period_end timestamptz,
        cancel_at_period_end boolean NOT NULL,
        created_at timestamptz NOT NULL,
        state_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`);
    this.addSql('CREATE INDEX billing_subscription_member_idx ON billing_subscription (member_id, created_at DESC);');
    this.addSql(`
      CREATE TABLE billing_invoice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES billing_customer (id),
        provider_invoice_id text NOT NULL UNIQUE CHECK (provider_invoice_id ~ '^[A-Za-z0-9_]{1,255}$'),
        provider_subscription_id text CHECK (provider_subscription_id ~ '^[A-Za-z0-9_]{1,255}$'),
        number text CHECK (length(number) <= 100),
        amount_due bigint NOT NULL,
        amount_paid bigint NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
        status text NOT NULL CHECK (status ~ '^[a-z_]{1,40}$'),
        period_start timestamptz,
        period_end timestamptz,
        created_at timestamptz NOT NULL,
        state_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`);
    this.addSql('CREATE INDEX billing_invoice_customer_idx ON billing_invoice (customer_id, created_at DESC, id DESC);');
    this.addSql(`
      CREATE TABLE billing_event (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_]{1,255}$'),
        type text NOT NULL CHECK (length(type) <= 100),
        created_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );`);
    this.addSql('CREATE INDEX billing_event_received_idx ON billing_event (received_at);');
  }
}
