import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/services/security/tokens.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { tokenFrom } from './support/smtp.ts';
import { startStack, stopStack } from './support/stack.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack({ withAdmin: false }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

const PAGES = ['/verify-email', '/reset-password', '/confirm-email-consent', '/unsubscribe'] as const;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** A token of the right shape that nobody was ever sent. */
const unknownToken = () => randomBytes(32).toString('base64url');

/** Log lines at level error or above written while `work` ran. */
async function errorsLoggedDuring(work: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const before = mixx.logLines().length;
  await work();
  return mixx
    .logLines()
    .slice(before)
    .filter((l) => l.level === 'error' || l.level === 'fatal');
}

type Member = Awaited<ReturnType<typeof makeMember>>;
const emailConsentOf = async (m: Member) =>
  (await mixx.gql('{ me { emailConsent { status } } }', {}, m.auth)).data.me.emailConsent.status;

/** A member with confirmed e-mail consent and the token of an announcement's unsubscribe link. */
async function subscribedMember(): Promise<{ member: Member; token: string }> {
  const member = await makeMember(mixx, smtp);
  await mixx.gql('mutation { setEmailConsent(granted: true) { status } }', {}, member.auth);
  const confirm = tokenFrom(await smtp.next(member.email, /Confirm that you want news/), 'confirm-email-consent');
  const confirmed = await mixx.gql('mutation($t: String!) { confirmEmailConsent(token: $t) { status } }', { t: confirm });
  expect(confirmed.data).toEqual({ confirmEmailConsent: { status: 'GRANTED' } });
  // What an announcement delivery records before its message leaves (src/services/announcements).
  const token = unknownToken();
  await db.query(
    `INSERT INTO announcement_delivery (announcement_id, member_id, unsubscribe_token_hash, status, sent_at)
     SELECT $1, id, $2, 'sent', now() FROM member WHERE email = $3`,
    [`pages-${randomBytes(4).toString('hex')}`, hashToken(token), member.email],
  );
  return { member, token };
}

describe('the link pages', () => {
  it('answer a repeated token with 400 on every page, GET and POST, in the query or the body, and log no error', async () => {
    const a = unknownToken();
    const b = unknownToken();
    const errors = await errorsLoggedDuring(async () => {
      for (const page of PAGES) {
        const requests: [string, RequestInit][] = [
          [`${page}?token=${a}&token=${b}`, {}],
          [`${page}?token=${a}&token=${a}`, {}],
          [`${page}?token=${a}&token=${b}`, { method: 'POST', headers: FORM, body: '' }],
          [page, { method: 'POST', headers: FORM, body: `token=${a}&token=${b}` }],
          [page, { method: 'POST', headers: FORM, body: `token=${a}&token=${a}` }],
          [`${page}?token=${a}`, { method: 'POST', headers: FORM, body: `token=${b}` }],
        ];
        for (const [url, init] of requests) {
          const res = await fetch(`${mixx.url}${url}`, init);
          expect({ url, method: init.method ?? 'GET', status: res.status }).toEqual({
            url,
            method: init.method ?? 'GET',
            status: 400,
          });
          expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
          const html = await res.text();
          expect(html).toContain('<p class="error">');
          expect(html).not.toContain(a);
          expect(html).not.toContain(b);
        }
      }
    });
    expect(errors).toEqual([]);
  });

  it('answer an unknown, malformed or missing token on POST with the same 400 on every page', async () => {
    for (const page of PAGES) {
      for (const body of [`token=${unknownToken()}`, 'token=not-a-token', 'token=', '']) {
        const res = await fetch(`${mixx.url}${page}`, { method: 'POST', headers: FORM, body });
        expect({ page, body, status: res.status }).toEqual({ page, body, status: 400 });
        expect(await res.text()).toContain('<p class="error">');
      }
    }
  });

  it('take a JSON body’s token only when it is one string', async () => {
    for (const page of PAGES) {
      for (const token of [[unknownToken()], { a: 1 }, 42, null]) {
        const res = await fetch(`${mixx.url}${page}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        });
        expect({ page, token, status: res.status }).toEqual({ page, token, status: 400 });
      }
    }
  });

  it('forbid framing on every page, GET and POST', async () => {
    for (const page of PAGES) {
      for (const init of [{}, { method: 'POST', headers: FORM, body: `token=${unknownToken()}` }]) {
        const res = await fetch(`${mixx.url}${page}?token=${unknownToken()}`, init);
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("frame-ancestors 'none'");
        // The pages have no scripts and load nothing: the policy can say so.
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("form-action 'self'");
      }
    }
  });

  it('still work: the consent page’s button, whose form repeats the URL’s token in the body', async () => {
    const { member, token } = await subscribedMember();
    const page = await fetch(`${mixx.url}/unsubscribe?token=${token}`);
    const html = await page.text();
    expect(html).toContain(`action="/unsubscribe?token=${token}"`);
    expect(html).toContain(`name="token" value="${token}"`);
    const pressed = await fetch(`${mixx.url}/unsubscribe?token=${token}`, {
      method: 'POST',
      headers: FORM,
      body: `token=${token}`,
    });
    expect(pressed.status).toBe(200);
    expect(await emailConsentOf(member)).toBe('WITHDRAWN');
  });
});

describe('RFC 8058 one-click unsubscribe', () => {
  const sourcesOf = async (m: Member) =>
    (
      await mixx.gql('{ me { consentHistory(first: 10) { edges { node { kind source } } } } }', {}, m.auth)
    ).data.me.consentHistory.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.kind === 'EMAIL_WITHDRAWN');

  it('accepts multipart/form-data, as RFC 8058 asks receivers to send, and answers 200 when repeated', async () => {
    const { member, token } = await subscribedMember();
    for (let i = 0; i < 2; i++) {
      const form = new FormData();
      form.set('List-Unsubscribe', 'One-Click');
      const res = await fetch(`${mixx.url}/unsubscribe?token=${token}`, { method: 'POST', body: form });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Unsubscribed');
    }
    expect(await emailConsentOf(member)).toBe('WITHDRAWN');
    expect(await sourcesOf(member)).toEqual([{ kind: 'EMAIL_WITHDRAWN', source: 'one-click' }]);
  });

  it('accepts application/x-www-form-urlencoded too, and answers 200 when repeated', async () => {
    const { member, token } = await subscribedMember();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${mixx.url}/unsubscribe?token=${token}`, {
        method: 'POST',
        headers: FORM,
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
    }
    expect(await sourcesOf(member)).toEqual([{ kind: 'EMAIL_WITHDRAWN', source: 'one-click' }]);
  });

  it('ignores a file part, and refuses a multipart body over the small limit with 413, changing nothing', async () => {
    const { member, token } = await subscribedMember();
    const big = new FormData();
    big.set('List-Unsubscribe', 'One-Click');
    big.set('attachment', new Blob([Buffer.alloc(64 * 1024, 'x')]), 'big.bin');
    const refused = await fetch(`${mixx.url}/unsubscribe?token=${token}`, { method: 'POST', body: big });
    expect(refused.status).toBe(413);
    expect(await emailConsentOf(member)).toBe('GRANTED');

    const small = new FormData();
    small.set('List-Unsubscribe', 'One-Click');
    small.set('attachment', new Blob(['not kept']), 'small.txt');
    const res = await fetch(`${mixx.url}/unsubscribe?token=${token}`, { method: 'POST', body: small });
    expect(res.status).toBe(200);
    expect(await emailConsentOf(member)).toBe('WITHDRAWN');
  });

  it('answers a malformed multipart body with 400 and logs no error', async () => {
    const errors = await errorsLoggedDuring(async () => {
      for (const [type, body] of [
        ['multipart/form-data', 'List-Unsubscribe=One-Click'],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-'],
        ['multipart/form-data; boundary=x', 'garbage'],
      ] as const) {
        const res = await fetch(`${mixx.url}/unsubscribe?token=${unknownToken()}`, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        expect({ type, body, status: res.status }).toEqual({ type, body, status: 400 });
      }
    });
    expect(errors).toEqual([]);
  });
});

describe('downloads and covers under malformed paths', () => {
  const mac = 'A'.repeat(43);
  const future = Math.floor(Date.now() / 1000) + 600;

  it('refuses every malformed ticket with 403, whatever its length, never a 500, and logs no error', async () => {
    const tickets: [string, number][] = [
      [`${'-'.repeat(36)}.1.${future}.${mac}`, 403],
      [`${'a'.repeat(36)}.1.${future}.${mac}`, 403],
      [`00000000-0000-0000-0000-00000000000-.1.${future}.${mac}`, 403],
      [`0000000-00000-0000-0000-000000000000.1.${future}.${mac}`, 403],
      [`00000000-0000-0000-0000-000000000000.9999999999.${future}.${mac}`, 403],
      [`00000000-0000-0000-0000-000000000000.1.999999999999.${mac}`, 403],
      ['%00', 403],
      ['..%2F..%2Fetc%2Fpasswd', 403],
      ['%E2%80%AE', 403],
      ['x'.repeat(5000), 403],
      ['a/b/c', 403],
      ['', 403],
    ];
    const errors = await errorsLoggedDuring(async () => {
      for (const [ticket, status] of tickets) {
        for (const method of ['GET', 'HEAD']) {
          const res = await fetch(`${mixx.url}/downloads/${ticket}`, { method });
          expect({ ticket, method, status: res.status }).toEqual({ ticket, method, status });
        }
      }
      const bad = await fetch(`${mixx.url}/downloads/%ZZ`);
      expect(bad.status).toBe(400);
    });
    expect(errors).toEqual([]);
  });

  it('answers 404 to every cover name no cover can have, 414 to an overlong one, and 400 to a broken escape', async () => {
    const errors = await errorsLoggedDuring(async () => {
      for (const name of [
        `${'0'.repeat(64)}.jpg`,
        `${'0'.repeat(64)}.gif`,
        `${'0'.repeat(63)}.jpg`,
        '..%2F..%2Fetc%2Fpasswd',
        '%00',
        `${'0'.repeat(64)}.jpg%00`,
      ]) {
        const res = await fetch(`${mixx.url}/covers/${name}`);
        expect({ name, status: res.status }).toEqual({ name, status: 404 });
      }
      expect((await fetch(`${mixx.url}/covers/${'x'.repeat(5000)}`)).status).toBe(414);
      expect((await fetch(`${mixx.url}/covers/%ZZ`)).status).toBe(400);
    });
    expect(errors).toEqual([]);
  });
});
