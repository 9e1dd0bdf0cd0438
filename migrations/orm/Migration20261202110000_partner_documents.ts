import { Migration } from '@mikro-orm/migrations';

/**
 * Trusted documents of partner apps (issue 15): the GraphQL documents a partner registered with
 * `npm run partner:documents`, by the SHA-256 of their text. A partner flagged "trusted documents
 * only" in the admin may send nothing else. Written only by the command, after each document was
 * checked against the schema and the partner's allowed scopes; never updated (an id is its text's
 * hash). No personal data: documents are the partner's code.
 */
export class Migration20261202110000_partner_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE partner_document (
        client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 100),
        id text NOT NULL CHECK (id ~ '^[0-9a-f]{64}$'),
        operation_name text CHECK (length(operation_name) <= 200),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_id, id)
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE partner_document;');
  }
}
