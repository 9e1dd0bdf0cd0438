import type { EntityManager } from '@mikro-orm/postgresql';
import { checkFirst, decodeKeyset, type KeysetOrder, type Page, toPage } from '../common/keyset.ts';
import type { Scope } from '../scope.ts';
import { fieldSet } from './disclosure-rules.ts';
import { findPartnersByClientIds, type PartnerRecord } from './partner-directory.ts';

/**
 * The disclosure log: what left Mixx about a member. A partner's responses are appended, one row
 * each (`partner_disclosure`: grant, field set, time; never an address, agent or body), so that
 * concurrent responses of one grant never wait on one row; the member reads them grouped per
 * grant, field set and UTC day. Legal-obligation disclosures come from the staff's records once
 * their notice date has come.
 */

const MAX_BATCH = 500;

/**
 * Appends the disclosures of partners' answers, each before its answer is sent. Answers that come
 * while a write is on its way go together in the next one (one statement and one commit for many,
 * as a database's group commit does), so a partner's answer costs far less than a commit of its
 * own, and each still waits until its row is durable. One per process.
 */
export class DisclosureWriter {
  private queue: { grantId: string; fields: string; done: (error?: Error) => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly em: () => EntityManager) {}

  /** Resolves once the row is written; rejects when it could not be (the answer must not go then). */
  record(grantId: string, fields: Iterable<string>): Promise<void> {
    const set = fieldSet(fields);
    if (set.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ grantId, fields: set.join(','), done: (error) => (error ? reject(error) : resolve()) });
      this.writing ??= this.drain();
    });
  }

  private insert(rows: { grantId: string; fields: string }[]): Promise<unknown> {
    return this.em()
      .getConnection()
      .execute(
        `INSERT INTO partner_disclosure (grant_id, fields)
           SELECT g, string_to_array(f, ',') FROM unnest(?::uuid[], ?::text[]) AS t(g, f)`,
        [`{${rows.map((r) => r.grantId).join(',')}}`, `{${rows.map((r) => `"${r.fields}"`).join(',')}}`],
      );
  }

  private async drain(): Promise<void> {
    // Let the answers of this turn of the event loop join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.insert(batch);
        for (const item of batch) item.done();
      } catch (error) {
        if (batch.length === 1) {
          (batch[0] as (typeof batch)[number]).done(error as Error);
          continue;
        }
        // One row that cannot be written (its grant erased meanwhile) must not withhold the others.
        for (const item of batch) {
          await this.insert([item]).then(
            () => item.done(),
            (e: Error) => item.done(e),
          );
        }
      }
    }
    this.writing = null;
  }
}

/**
 * Records an answer of the authorization server (userinfo, ID tokens), which knows the grant by
 * oidc-provider's id, before it is sent. Recording nothing when no live grant has that id would send data unrecorded:
 * it throws instead.
 */
export async function recordOidcDisclosure(em: EntityManager, oidcGrantId: string, fields: Iterable<string>): Promise<void> {
  const set = fieldSet(fields);
  if (set.length === 0) return;
  const rows: unknown[] = await em.getConnection().execute(
    `INSERT INTO partner_disclosure (grant_id, fields)
       SELECT id, ?::text[] FROM partner_grant WHERE oidc_grant_id = ? AND revoked_at IS NULL
     RETURNING grant_id`,
    [`{${set.join(',')}}`, oidcGrantId],
  );
  if (rows.length !== 1) throw new Error('no live grant to record the disclosure against');
}

export type DisclosureRow = {
  id: string;
  kind: 'PARTNER_ACCESS' | 'LEGAL_OBLIGATION';
  /** The partner's client id, for PARTNER_ACCESS. */
  clientId: string | null;
  partner: PartnerRecord | undefined;
  /** The partner's name, or the authority's. */
  recipient: string;
  fields: string[];
  firstAt: Date;
  lastAt: Date;
  count: number;
  legalBasis: string | null;
};

const NEWEST: KeysetOrder = { tag: 'dis', sortKey: 'first_at', sortType: 'timestamp', idType: 'text', descending: true };

/** Partner groups and visible legal disclosures of one member, as one list. */
const GROUPS = `
  SELECT 'PARTNER_ACCESS' AS kind,
         'p.' || d.grant_id || '.' || to_char((d.at AT TIME ZONE 'UTC')::date, 'YYYYMMDD') || '.' || md5(array_to_string(d.fields, ',')) AS id,
         g.client_id, d.fields, min(d.at) AS first_at, max(d.at) AS last_at, count(*)::int AS count,
         NULL::text AS authority, NULL::text AS legal_basis
    FROM partner_disclosure d JOIN partner_grant g ON g.id = d.grant_id
   WHERE g.member_id = ?
   GROUP BY d.grant_id, g.client_id, d.fields, (d.at AT TIME ZONE 'UTC')::date
  UNION ALL
  SELECT 'LEGAL_OBLIGATION', 'l.' || d.id, NULL,
         coalesce((SELECT array_agg(c.value::text ORDER BY c."order") FROM cms.legal_disclosures_data_categories c WHERE c.parent_id = d.id), '{}'),
         date_trunc('milliseconds', d.disclosed_at), date_trunc('milliseconds', d.disclosed_at), 1, d.authority, d.legal_basis
    FROM legal_disclosure_notice n JOIN cms.legal_disclosures d ON d.id = n.disclosure_id
   WHERE n.member_id = ? AND n.notify_after <= ?`;

type RawGroup = {
  kind: DisclosureRow['kind'];
  id: string;
  client_id: string | null;
  fields: string[];
  first_at: Date;
  last_at: Date;
  count: number;
  authority: string | null;
  legal_basis: string | null;
};

/** The member's own reading of the log (`me.disclosures`): the member's session only. */
export class DisclosureService {
  constructor(private readonly scope: Scope) {}

  /**
   * Records what one response carries to the partner app acting now, before it is sent (nothing
   * for any other actor). Throws when it could not be recorded: the response must not go then.
   */
  async recordResponse(fields: Iterable<string>): Promise<void> {
    const { actor } = this.scope;
    if (actor.kind !== 'partner') return;
    await this.scope.runtime.disclosureWriter.record(actor.grant.id, fields);
  }

  async list(opts: { first: number; after?: string | null }, now = new Date()): Promise<Page<DisclosureRow>> {
    const { member } = await this.scope.require('account.use');
    const first = checkFirst(opts.first);
    const after = decodeKeyset<string>(NEWEST, opts.after);
    const connection = this.scope.em.getConnection();
    const context = this.scope.em.getTransactionContext();
    const [rows, counted] = (await Promise.all([
      connection.execute(
        `SELECT * FROM (${GROUPS}) g
          ${after ? 'WHERE (g.first_at, g.id) < (?::timestamptz, ?)' : ''}
          ORDER BY g.first_at DESC, g.id DESC LIMIT ?`,
        [member.id, member.id, now, ...(after ? [after.sortKey, after.id] : []), first + 1],
        'all',
        context,
      ),
      connection.execute(`SELECT count(*)::int AS n FROM (${GROUPS}) g`, [member.id, member.id, now], 'all', context),
    ])) as [RawGroup[], { n: number }[]];
    const partners = await findPartnersByClientIds(this.scope.em, [
      ...new Set(rows.flatMap((r) => (r.client_id ? [r.client_id] : []))),
    ]);
    return toPage({
      rows: rows.map((r) => ({ id: r.id, sortKey: new Date(r.first_at), node: toRow(r, partners) })),
      first,
      order: NEWEST,
      hasPrevious: after != null,
      totalCount: counted[0]?.n ?? 0,
      map: (r) => r.node,
    });
  }
}

function toRow(r: RawGroup, partners: Map<string, PartnerRecord>): DisclosureRow {
  const partner = r.client_id ? partners.get(r.client_id) : undefined;
  return {
    id: r.id,
    kind: r.kind,
    clientId: r.client_id,
    partner,
    recipient: r.kind === 'PARTNER_ACCESS' ? (partner?.name ?? r.client_id ?? '') : (r.authority ?? ''),
    fields: r.fields,
    firstAt: new Date(r.first_at),
    lastAt: new Date(r.last_at),
    count: r.count,
    legalBasis: r.legal_basis,
  };
}
