import { createHash } from 'node:crypto';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { EntityManager } from '@mikro-orm/postgresql';

/** A document as Apollo's persisted-query manifests (version 1) list it. */
export type TrustedDocument = { id: string; name: string | null; body: string };

const ID = /^[0-9a-f]{64}$/;
/** Registered documents kept in memory, by their text's size: thousands of a typical app's. */
const CACHE_BYTES = 4 * 1024 * 1024;

export const documentIdOf = (body: string): string => createHash('sha256').update(body, 'utf8').digest('hex');

/**
 * The id a request names its document by, or undefined when it names none: the GraphQL-over-HTTP
 * `documentId` (`sha256:<hex>` or the bare hex), else Apollo's `extensions.persistedQuery.sha256Hash`.
 * One that is present but not a string comes back as '', which finds nothing.
 */
export function requestedDocumentId(persistedQuery: unknown, documentId: unknown): string | undefined {
  if (documentId != null) {
    if (typeof documentId !== 'string') return '';
    return documentId.startsWith('sha256:') ? documentId.slice(7) : documentId;
  }
  if (persistedQuery != null) {
    const hash = typeof persistedQuery === 'object' ? (persistedQuery as { sha256Hash?: unknown }).sha256Hash : undefined;
    return typeof hash === 'string' ? hash : '';
  }
  return undefined;
}

/**
 * The documents each partner app registered (`npm run partner:documents`), looked up by id. An id
 * is the SHA-256 of its text, so a registered document never changes: found ones stay cached.
 */
export class TrustedDocuments {
  private readonly found = new InMemoryLRUCache<string>({ maxSize: CACHE_BYTES, sizeCalculation: (body) => body.length + 100 });

  constructor(private readonly em: () => EntityManager) {}

  async find(clientId: string, id: string): Promise<string | undefined> {
    if (!ID.test(id)) return undefined;
    const key = `${clientId}\u0000${id}`;
    const cached = await this.found.get(key);
    if (cached !== undefined) return cached;
    const rows: { body: string }[] = await this.em()
      .getConnection()
      .execute('SELECT body FROM partner_document WHERE client_id = ? AND id = ?', [clientId, id]);
    const body = rows[0]?.body;
    if (body !== undefined) await this.found.set(key, body);
    return body;
  }
}

/** Registers documents for a partner; ones it registered before stay as they are. */
export async function registerDocuments(
  em: EntityManager,
  clientId: string,
  documents: readonly TrustedDocument[],
): Promise<{ registered: number; known: number }> {
  if (documents.length === 0) return { registered: 0, known: 0 };
  const rows: unknown[] = await em.getConnection().execute(
    `INSERT INTO partner_document (client_id, id, operation_name, body)
     SELECT ?, d.id, d.name, d.body FROM jsonb_to_recordset(?::jsonb) AS d(id text, name text, body text)
     ON CONFLICT (client_id, id) DO NOTHING RETURNING 1`,
    [clientId, JSON.stringify(documents)],
  );
  return { registered: rows.length, known: documents.length - rows.length };
}
