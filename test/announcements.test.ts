import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnouncementNotFoundError, sendAnnouncement } from '../src/services/announcements/announcement.service.ts';
import { lexicalParagraphs } from './support/lexical.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { rawHeader, tokenFrom } from './support/smtp.ts';
import { startStack, stopStack } from './support/stack.ts';
import { makeStaff } from './support/staff.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
const PUBLIC_URL = 'https://mixx.example';

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack({ env: { PUBLIC_URL } }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

type Member = Awaited<ReturnType<typeof makeMember>>;
const consent = (m: Member, granted: boolean) =>
  mixx.gql(`mutation { setEmailConsent(granted: ${granted}) { status } }`, {}, m.auth);
async function optIn(m: Member) {
  await consent(m, true);
  const token = tokenFrom(await smtp.next(m.email, /Confirm that you want news/), 'confirm-email-consent');
  expect(
    (await mixx.gql('mutation($t: String!) { confirmEmailConsent(token: $t) { status } }', { t: token })).data.confirmEmailConsent
      .status,
  ).toBe('GRANTED');
}
const statusOf = async (m: Member) =>
  (await mixx.gql('{ me { emailConsent { status } } }', {}, m.auth)).data.me.emailConsent.status;

async function waitForStatus(id: number | string, status: string) {
  for (let i = 0; i < 100; i++) {
    const doc = await mixx.payload.findByID({ collection: 'announcements', id });
    if (doc.status === status) return doc;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`announcement ${id} never became ${status}`);
}

/** What `npm run announcements:send -- <id>` does, in this process. */
function sendAgain(id: string) {
  return sendAnnouncement({ em: mixx.orm.em.fork(), app: mixx.services, payload: mixx.payload }, id);
}

describe('information e-mails', () => {
  it('reach exactly the confirmed members, once each, with RFC 8058 one-click unsubscribe', async () => {
    // One after the other: they come from one client, which may have only a few password checks waiting.
    const members: Member[] = [];
    for (let i = 0; i < 5; i++) members.push(await makeMember(mixx, smtp));
    const [granted, pending, withdrawn, none, crashed] = members as [Member, Member, Member, Member, Member];
    await optIn(granted);
    await consent(pending, true);
    await smtp.next(pending.email, /Confirm that you want news/);
    await optIn(withdrawn);
    await consent(withdrawn, false);
    await optIn(crashed);

    const announcement = await mixx.payload.create({
      collection: 'announcements',
      data: { subject: 'New releases this week', body: lexicalParagraphs('Fresh music is in.', 'Enjoy!') },
    });
    // A crash after recording this recipient and before the message left: the re-run must skip them.
    await db.query(
      `INSERT INTO announcement_delivery (announcement_id, member_id, unsubscribe_token_hash)
       SELECT $1, id, md5(random()::text) FROM member WHERE email = $2`,
      [String(announcement.id), crashed.email],
    );

    const staff = await makeStaff(mixx.payload, 'editor');
    const login = await fetch(`${mixx.url}/api/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: staff.email, password: staff.password }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await fetch(`${mixx.url}/api/announcements/${announcement.id}/send`, { method: 'POST' })).status).toBe(401);
    const send = await fetch(`${mixx.url}/api/announcements/${announcement.id}/send`, {
      method: 'POST',
      headers: { authorization: `JWT ${token}` },
    });
    expect(send.status).toBe(202);
    const sent = await waitForStatus(announcement.id, 'sent');
    expect(sent.sentCount).toBeGreaterThanOrEqual(1);

    const mail = await smtp.next(granted.email, /New releases this week/);
    expect(mail.text).toContain('Fresh music is in.');
    expect(mail.html).toContain('<p>Fresh music is in.</p>');
    const unsubscribeHeader = String(rawHeader(mail, 'List-Unsubscribe'));
    expect(unsubscribeHeader).toMatch(new RegExp(`^<${PUBLIC_URL}/unsubscribe\\?token=[A-Za-z0-9_-]{43}>$`));
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    for (const m of [pending, withdrawn, none, crashed])
      expect(smtp.to(m.email).filter((x) => /New releases/.test(x.subject))).toEqual([]);

    // Sending again reaches nobody twice. The interrupted delivery is never retried (at most once),
    // so not every consenting member is known to have it: `announcements:send` would exit 1.
    const again = await sendAgain(String(announcement.id));
    expect(again).toMatchObject({ interrupted: 1, failed: 0, isComplete: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(granted.email).filter((x) => /New releases/.test(x.subject))).toEqual([]);

    // One click: GET shows a page and changes nothing; POST without a session unsubscribes, and again.
    const link = unsubscribeHeader.slice(1, -1).replace(PUBLIC_URL, mixx.url);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Unsubscribe');
    expect(await statusOf(granted)).toBe('GRANTED');
    for (let i = 0; i < 2; i++) {
      const post = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(post.status).toBe(200);
    }
    expect(await statusOf(granted)).toBe('WITHDRAWN');
    const history = await mixx.gql('{ me { consentHistory(first: 10) { edges { node { kind source } } } } }', {}, granted.auth);
    const withdrawals = history.data.me.consentHistory.edges.filter((e: any) => e.node.kind === 'EMAIL_WITHDRAWN');
    expect(withdrawals.map((e: any) => e.node)).toEqual([{ kind: 'EMAIL_WITHDRAWN', source: 'one-click' }]);

    const token43 = new URL(link).searchParams.get('token') as string;
    expect((await mixx.gql('mutation($t: String!) { unsubscribe(token: $t) }', { t: token43 })).data).toEqual({
      unsubscribe: true,
    });
    const unknown = await mixx.gql('mutation($t: String!) { unsubscribe(token: $t) }', { t: 'A'.repeat(43) });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
  });

  it('refuses an announcement that does not exist', async () => {
    await expect(sendAgain('999999')).rejects.toBeInstanceOf(AnnouncementNotFoundError);
  });
});
