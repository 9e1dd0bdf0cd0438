import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, signInToAdmin } from './support/browser.ts';
import { makeMember } from './support/members.ts';
import { freePort, startTestMixx, type TestMixx } from './support/mixx.ts';
import { startSmtp } from './support/smtp.ts';
import { makeStaff } from './support/staff.ts';

let mixx: TestMixx;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

describe.skipIf(!hasChromium)('the admin in a real browser', () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    // The admin honours its cookie only from PUBLIC_URL's origin: make it the browser's.
    const port = await freePort();
    mixx = await startTestMixx({ port, env: { SMTP_URL: smtp.url, PUBLIC_URL: `http://127.0.0.1:${port}` } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await mixx?.close();
    await smtp?.close();
  });

  it('lets a staff member sign in, edit the Privacy Policy and publish it; the API then serves the new version', async () => {
    const staff = await makeStaff(mixx.payload, 'editor');
    // The newest version, which may be scheduled for later than the one in force.
    const before = (await mixx.gql('{ policyVersions(kind: PRIVACY, first: 1) { edges { node { version } } } }')).data
      .policyVersions.edges[0].node.version;
    const found = await mixx.payload.find({ collection: 'policies', where: { kind: { equals: 'privacy' } }, limit: 1 });
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    // No answer of the staff API hands a JWT to the page's scripts.
    const staffAnswers: Promise<string>[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/staff/')) staffAnswers.push(response.text().catch(() => ''));
    });

    await signInToAdmin(page, mixx.url, staff);
    // The browser holds the session sealed: no cookie names the staff member.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'payload-token')?.value).toMatch(/^v1\./);
    expect(JSON.stringify(cookies)).not.toContain(staff.email);
    expect(JSON.stringify(cookies)).not.toContain(encodeURIComponent(staff.email));
    await page.goto(`${mixx.url}/admin/collections/policies/${found.docs[0]!.id}`);
    const editor = page.locator('[data-lexical-editor="true"]').first();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    const sentence = `Edited in a real browser at ${Date.now()}.`;
    await page.keyboard.type(sentence);
    await page.locator('#action-save').click();
    await page
      .getByText(/published successfully|updated successfully/i)
      .first()
      .waitFor();

    const after = await mixx.gql('{ policy(kind: PRIVACY) { version bodyText } }');
    expect(after.data.policy.version).toBe(before + 1);
    expect(after.data.policy.bodyText).toContain(sentence);
    const answers = await Promise.all(staffAnswers);
    expect(answers.length).toBeGreaterThan(0);
    for (const body of answers) expect(body).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    await page.close();
  });

  it('lets a staff member who forgot the password set a new one from the e-mailed link', async () => {
    const staff = await makeStaff(mixx.payload, 'editor');
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${mixx.url}/admin/forgot`);
    await page.locator('#field-email').fill(staff.email);
    await page.locator('button[type="submit"]').click();
    await page
      .getByText(/email sent/i)
      .first()
      .waitFor();

    const mail = await smtp.next(staff.email, /reset/i);
    const link = (mail.html.match(/https?:\/\/[^"<\s]+\/admin\/reset\/[0-9a-f]+/) ?? [])[0] as string;
    expect(new URL(link).origin).toBe(new URL(mixx.url).origin);
    const token = link.slice(link.lastIndexOf('/') + 1);
    // The mail leaves just before Payload's transaction commits: wait for the stored token.
    let stored: string | undefined;
    for (let i = 0; i < 100 && !stored; i++, await new Promise((r) => setTimeout(r, 50))) {
      const row = await mixx.payload.db.findOne<{ id: number; resetPasswordToken?: string }>({
        collection: 'staff',
        where: { email: { equals: staff.email } },
      });
      stored = row?.resetPasswordToken ?? undefined;
    }
    expect(stored).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored).not.toContain(token);

    const newPassword = `new-${staff.password}`;
    await page.goto(link);
    await page.locator('#field-password').fill(newPassword);
    await page.locator('#field-confirm-password').fill(newPassword);
    // Payload marks a field valid a moment after it changes: a click right after `fill` can meet a
    // form still invalid ("Please correct invalid fields") that sends nothing, as a person typing
    // never would (this failed whenever the machine was busy). Press again until the reset goes out.
    const reset = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/staff/reset-password');
    let sent = false;
    void reset.then(() => {
      sent = true;
    });
    for (let press = 0; press < 20 && !sent; press++) {
      await page.locator('button[type="submit"]').click();
      await Promise.race([reset, page.waitForTimeout(1_000)]);
    }
    expect((await reset).status()).toBe(200);
    // A successful reset signs the staff member in and opens the dashboard, by a client-side
    // navigation: waiting for its `load` (waitForURL's default) timed out when another test of this
    // file ran first; the dashboard's own text, waited for next, is the proof.
    await page.waitForURL((url) => url.pathname === '/admin' || url.pathname === '/admin/', { waitUntil: 'commit' });
    await page
      .getByText(/policies/i)
      .first()
      .waitFor();
    await page.close();

    const fresh = await browser.newContext();
    const again = await fresh.newPage();
    await signInToAdmin(again, mixx.url, { email: staff.email, password: newPassword });
    await fresh.close();
  });

  it('lets staff publish a material change of the Terms, which members then see in pendingPolicies', async () => {
    const member = await makeMember(mixx, smtp);
    expect((await mixx.gql(PENDING, {}, member.auth)).data.me.pendingPolicies).toEqual([]);
    const staff = await makeStaff(mixx.payload, 'admin');
    const found = await mixx.payload.find({ collection: 'policies', where: { kind: { equals: 'terms' } }, limit: 1 });
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    await signInToAdmin(page, mixx.url, staff);
    await page.goto(`${mixx.url}/admin/collections/policies/${found.docs[0]!.id}`);
    await page.locator('[data-lexical-editor="true"]').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Downloads now need a verified address.');
    await page.locator('#field-changeSummary').fill('Downloads need a verified address');
    await page.locator('#field-requiresReacceptance').check();
    await page.locator('#action-save').click();
    await page
      .getByText(/published successfully|updated successfully/i)
      .first()
      .waitFor();
    await page.close();

    const terms = (await mixx.gql('{ policy(kind: TERMS) { id requiresReacceptance changeSummary } }')).data.policy;
    expect(terms).toMatchObject({ requiresReacceptance: true, changeSummary: 'Downloads need a verified address' });
    expect((await mixx.gql(PENDING, {}, member.auth)).data.me.pendingPolicies).toEqual([{ id: terms.id, kind: 'TERMS' }]);
  });
});

const PENDING = '{ me { pendingPolicies { id kind } } }';
