import { Migration } from '@mikro-orm/migrations';

/**
 * The verifiable consent ledger (src/services/ledger/CONTEXT.md): every consent_event gets its
 * gapless 0-based position in an RFC 9162 Merkle tree, `ledger_node` holds the hash of every
 * complete subtree (level 0: the leaves), `ledger_checkpoint` the signed tree heads. All three are
 * append-only at the database, like the ledger itself. `partner_client_id` names the partner app
 * (its OAuth client_id) of PARTNER_GRANTED and PARTNER_REVOKED entries.
 *
 * Entries written before this migration are numbered in the order they were written (at, id);
 * that one UPDATE is the only one the ledger ever takes, with its trigger off for the statement.
 * Their subtree hashes are built at the next start (buildMissingTree), before anything is served.
 */
export class Migration20261201110000_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE consent_event ADD COLUMN partner_client_id text, ADD COLUMN ledger_index integer;');
    this.addSql('ALTER TABLE consent_event DISABLE TRIGGER consent_event_append_only;');
    this.addSql(`
      UPDATE consent_event e SET ledger_index = n.i
        FROM (SELECT id, (row_number() OVER (ORDER BY at, id) - 1)::int AS i FROM consent_event) n
       WHERE n.id = e.id;`);
    this.addSql('ALTER TABLE consent_event ENABLE TRIGGER consent_event_append_only;');
    this.addSql(`
      ALTER TABLE consent_event
        ALTER COLUMN ledger_index SET NOT NULL,
        ADD CONSTRAINT consent_event_ledger_index_unique UNIQUE (ledger_index),
        ADD CONSTRAINT consent_event_ledger_index_check CHECK (ledger_index >= 0),
        ADD CONSTRAINT consent_event_partner_check CHECK (
          (kind IN ('PARTNER_GRANTED', 'PARTNER_REVOKED')) = (partner_client_id IS NOT NULL));`);
    this.addSql(`
      CREATE TABLE ledger_node (
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 31),
        idx integer NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      );`);
    this.addSql(`
      CREATE TABLE ledger_checkpoint (
        tree_size integer PRIMARY KEY CHECK (tree_size >= 0),
        root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
        key_version integer NOT NULL CHECK (key_version > 0),
        signed_note text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      );`);
    for (const table of ['ledger_node', 'ledger_checkpoint']) {
      this.addSql(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION mixx_refuse_change();`);
      this.addSql(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION mixx_refuse_change();`);
    }
  }
}
