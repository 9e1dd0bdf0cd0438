import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueLegalNotices } from '../src/services/partners/legal-disclosures.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { findAnywhere } from './support/scan.ts';
import { startStack, stopStack } from './support/stack.ts';
import { makeStaff, staffSession } from './support/staff.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack());
});
afterAll(() => stopStack({ mixx, smtp, db }));

type Session = Record<string, string>;
const json = (body: unknown, session?: Session) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...session },
  body: JSON.stringify(body),
});

/** A staff session as the admin holds it: the sealed cookie, sent from the admin's origin. */
async function staffToken(role: 'admin' | 'editor'): Promise<Session> {
  return (await staffSession(mixx, await makeStaff(mixx.payload, role))).headers;
}

function record(memberEmail: string, notifyMemberAfter?: string) {
  return {
    authority: 'Regional Court of Examplestadt',
    legalBasis: 'Order 4 O 123/26',
    disclosedAt: '2026-11-30T10:00:00.000Z',
    memberEmail,
    dataCategories: ['identity', 'downloads'],
    ...(notifyMemberAfter ? { notifyMemberAfter } : {}),
  };
}

describe('legal-obligation disclosures', () => {
  it('are recorded by admins through /api with a pseudonymous link, never the address; the member is e-mailed once the notice date has come', async () => {
    const admin = await staffToken('admin');
    const member = await makeMember(mixx, smtp);
    const now = await fetch(`${mixx.url}/api/legal-disclosures`, json(record(member.email), admin));
    expect(now.status).toBe(201);
    const created = ((await now.json()) as { doc: Record<string, unknown> & { id: number } }).doc;
    expect(created).toMatchObject({ authority: 'Regional Court of Examplestadt', dataCategories: ['identity', 'downloads'] });
    expect(created.memberLink).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(created)).not.toContain(member.email);

    const later = await fetch(
      `${mixx.url}/api/legal-disclosures`,
      json(record(member.email, new Date(Date.now() + 30 * 86_400_000).toISOString()), admin),
    );
    expect(later.status).toBe(201);
    const delayed = ((await later.json()) as { doc: { id: number } }).doc;

    const notified = async () =>
      (
        await db.query(
          'SELECT disclosure_id, notified_at IS NOT NULL AS told FROM legal_disclosure_notice WHERE disclosure_id = ANY($1) ORDER BY disclosure_id',
          [[created.id, delayed.id]],
        )
      ).rows.map((r) => r.told);
    const visible = async () =>
      (
        await mixx.gql(
          '{ me { disclosures { totalCount edges { node { kind recipient partner { id } fields count legalBasis firstAt lastAt } } } } }',
          {},
          member.auth,
        )
      ).data.me.disclosures;
    const first = {
      kind: 'LEGAL_OBLIGATION',
      recipient: 'Regional Court of Examplestadt',
      partner: null,
      fields: ['identity', 'downloads'],
      count: 1,
      legalBasis: 'Order 4 O 123/26',
      firstAt: expect.any(String),
      lastAt: expect.any(String),
    };
    // The one whose notice date has come is visible; the delayed one is not.
    expect(await visible()).toEqual({ totalCount: 1, edges: [{ node: first }] });

    // The job runs every minute in the server; here it runs at once (whichever run sends, it sends once).
    await sendDueLegalNotices(mixx.services);
    const mail = await smtp.next(member.email, /disclosed some of your data/);
    expect(mail.text).toContain('Regional Court of Examplestadt');
    expect(mail.text).toContain('Order 4 O 123/26');
    expect(await notified()).toEqual([true, false]);

    // A court's delay: not before its date. Rather than wait, the member side's date is moved.
    await db.query("UPDATE legal_disclosure_notice SET notify_after = now() - interval '1 second' WHERE disclosure_id = $1", [
      delayed.id,
    ]);
    expect((await visible()).totalCount).toBe(2);
    await sendDueLegalNotices(mixx.services);
    await smtp.next(member.email, /disclosed some of your data/);
    expect(await notified()).toEqual([true, true]);
    expect(await sendDueLegalNotices(mixx.services)).toBe(0);

    // Nothing in the CMS's tables holds the address (the privacy scan over every column).
    const hits = await findAnywhere(db, [member.email]);
    expect(hits.filter((hit) => hit.startsWith('cms.'))).toEqual([]);
  });

  it('refuse a record for an address no member has, and records from editors, who cannot read the collection either', async () => {
    const admin = await staffToken('admin');
    const editor = await staffToken('editor');
    const member = await makeMember(mixx, smtp);
    const unknown = await fetch(`${mixx.url}/api/legal-disclosures`, json(record(`nobody-${member.email}`), admin));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('memberEmail');

    expect((await fetch(`${mixx.url}/api/legal-disclosures`, json(record(member.email), editor))).status).toBe(403);
    const read = await fetch(`${mixx.url}/api/legal-disclosures`, { headers: editor });
    expect(read.status).toBe(403);
    expect((await fetch(`${mixx.url}/api/partners`, { headers: editor })).status).toBe(403);
    expect((await fetch(`${mixx.url}/api/legal-disclosures`)).status).toBe(403);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM legal_disclosure_notice WHERE member_id = $1', [
      Buffer.from(member.id, 'base64url').toString().split(':')[1],
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('cannot be changed or deleted once saved: not through /api, not in SQL', async () => {
    const admin = await staffToken('admin');
    const member = await makeMember(mixx, smtp);
    const created = await fetch(`${mixx.url}/api/legal-disclosures`, json(record(member.email), admin));
    const { id } = ((await created.json()) as { doc: { id: number } }).doc;
    const patch = await fetch(`${mixx.url}/api/legal-disclosures/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({ legalBasis: 'changed' }),
    });
    expect(patch.status).toBe(403);
    const remove = await fetch(`${mixx.url}/api/legal-disclosures/${id}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(remove.status).toBe(403);
    for (const statement of [
      "UPDATE cms.legal_disclosures SET legal_basis = 'changed' WHERE id = $1",
      'DELETE FROM cms.legal_disclosures WHERE id = $1',
      "UPDATE cms.legal_disclosures_data_categories SET value = 'billing' WHERE parent_id = $1",
      'DELETE FROM cms.legal_disclosures_data_categories WHERE parent_id = $1',
    ]) {
      await expect(db.query(statement, [id]), statement).rejects.toThrow(/append-only/);
    }
    await expect(db.query('TRUNCATE cms.legal_disclosures CASCADE')).rejects.toThrow(/append-only/);
    const { rows } = await db.query('SELECT legal_basis FROM cms.legal_disclosures WHERE id = $1', [id]);
    expect(rows).toEqual([{ legal_basis: 'Order 4 O 123/26' }]);
  });
});
