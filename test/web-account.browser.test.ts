import * as client from 'openid-client';
import type pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hasChromium, launchChromium } from './support/browser.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { authorizationRequest, authorize, freePort, Browser as OAuthBrowser, registerPartner } from './support/partners.ts';
import { startStack, stopStack } from './support/stack.ts';
import { makeStaff } from './support/staff.ts';
import { type StandIn, startStripeStandIn } from './support/stripe-standin.ts';
import { accessibilityProblems, screenshots } from './support/web.ts';

/**
 * The account page's partner apps, disclosure log and premium plan, in Chromium: a member allows a
 * partner app through Mixx's real OAuth pages, the app reads their data, and the page shows what
 * left Mixx and revokes the app; the member upgrades on the payment provider's pages (the local
 * stand-in), comes back PREMIUM with an invoice, and cancels in the billing portal.
 */
let standIn: StandIn;
let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: { url: string; isNavigation: boolean }[] = [];

describe.skipIf(!hasChromium)('the account page in a real browser', () => {
  beforeAll(async () => {
    standIn = await startStripeStandIn();
    const port = await freePort();
    // localhost, as the partner tests: the OAuth issuer is PUBLIC_URL's, and the browser uses it too.
    origin = `http://localhost:${port}`;
    ({ mixx, smtp, db } = await startStack({ env: { ...standIn.env, PUBLIC_URL: origin }, port, withAdmin: false }));
    standIn.setWebhook(`${mixx.url}/webhooks/stripe`);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Only Mixx and the provider's hosted pages answer; the provider's only as pages the member opens.
    await context.route('**/*', (route) => {
      const request = route.request();
      requests.push({ url: request.url(), isNavigation: request.isNavigationRequest() });
      const isOurs = request.url().startsWith(`${origin}/`) || request.url().startsWith(`${standIn.url}/`);
      return isOurs ? route.continue() : route.abort('internetdisconnected');
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await standIn?.settled();
    await stopStack({ mixx, smtp, db });
    await standIn?.close();
  });

  it('shows what partner apps received, revokes one, and upgrades to Premium on the provider’s pages', async () => {
    const shot = screenshots(page, 'web-account');
    onTestFailed(async () => void (await shot('failed')));
    const member = await makeMember(mixx, smtp, { displayName: 'Account Ada' });

    // The member allows a partner app on Mixx's OAuth pages, and the app reads their profile.
    const partner = await registerPartner(mixx.payload, `${origin}/oauth`, {
      name: 'Playlist Pal',
      scopes: ['openid', 'profile', 'email', 'downloads:read'],
    });
    const oauth = new OAuthBrowser(origin);
    oauth.setCookie('mixx_session', member.token);
    const asked = await authorizationRequest(partner.config, 'openid profile email downloads:read');
    const { redirect } = await authorize(oauth, asked.url, member);
    const tokens = await client.authorizationCodeGrant(partner.config, redirect, {
      pkceCodeVerifier: asked.verifier,
      expectedState: asked.state,
    });
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    // Eleven different field sets: eleven groups of the day, one more than the page's first page.
    for (const fields of [
      'createdAt',
      'plan',
      'emailVerified',
      'id displayName',
      'id email',
      'downloadQuota { used }',
      'downloads { totalCount }',
      'id',
      'email',
      'displayName',
      'displayName email',
    ]) {
      const read = await mixx.gql(`{ me { ${fields} } }`, {}, bearer);
      expect([fields, read.errors]).toEqual([fields, undefined]);
    }
    // And staff had to disclose some of it to a court (an admin's record, as the CMS saves it).
    const { user } = await makeStaff(mixx.payload, 'admin');
    const admin = { ...(await mixx.payload.findByID({ collection: 'staff', id: user.id })), collection: 'staff' as const };
    await mixx.payload.create({
      collection: 'legal-disclosures',
      data: {
        authority: 'Regional Court of Examplestadt',
        legalBasis: 'Order 4 O 123/26',
        disclosedAt: '2026-01-15T10:00:00.000Z',
        memberEmail: member.email,
        dataCategories: ['identity', 'downloads'],
      } as never,
      overrideAccess: false,
      user: admin,
    });
    const { totalCount } = (await mixx.gql('{ me { disclosures { totalCount } } }', {}, member.auth)).data.me.disclosures;
    expect(totalCount).toBeGreaterThan(11);

    // Sign in through the page.
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(member.email);
    await page.getByLabel('Password', { exact: true }).fill(member.password);
    await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();
    const header = page.getByRole('banner');
    await header.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

    // Apps you allowed: the app, what it may do in plain words, and when it was last used.
    const apps = page.getByRole('region', { name: 'Apps you allowed' });
    const grant = apps.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Playlist Pal' }) });
    await grant.getByText('See your e-mail address and whether it is confirmed').waitFor();
    await grant.getByText('See your display name and your plan').waitFor();
    await grant.getByText('See your downloads and how many you have left today').waitFor();
    expect(await grant.getByText(/last used never/).count()).toBe(0);

    // What left Mixx: the newest group first, ten a page, the court's record (oldest) on the next.
    const log = page.getByRole('region', { name: 'What left Mixx' });
    await log.getByText(`(10 of ${totalCount} shown)`).waitFor();
    const rows = log.getByRole('listitem');
    expect(await rows.first().textContent()).toMatch(/^Playlist Pal received your display name and your e-mail address on /);
    expect(await log.getByText('Regional Court of Examplestadt').count()).toBe(0);
    await log.getByRole('button', { name: 'Show more' }).click();
    await log.getByText(`(${totalCount} of ${totalCount} shown)`).waitFor();
    expect(await log.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    expect(await rows.last().textContent()).toMatch(
      /^Regional Court of Examplestadt \(an authority\) received your identity \(e-mail address and display name\) and your downloads on .+, under a legal obligation\. Legal basis: Order 4 O 123\/26\.$/,
    );
    // The consent history names the app.
    const policies = page.getByRole('region', { name: 'Policies and consent' });
    await policies.getByRole('button', { name: 'Show the consent history' }).click();
    await policies.getByText(/Allowed Playlist Pal to reach your account \(on Mixx’s page for the app\)/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await grant.scrollIntoViewIfNeeded();
    await shot('partner-apps');
    await log.scrollIntoViewIfNeeded();
    await shot('disclosures');

    // Revoke, from the page: the app's token is dead at once, and what it received stays listed.
    await grant.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').getByText('Playlist Pal can no longer reach your account').waitFor();
    await apps.getByText('No partner app can reach your account.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Apps you allowed');
    const refused = await mixx.gql('{ me { displayName } }', {}, bearer);
    expect(refused.data?.me ?? null).toBeNull();
    await log.getByText(`(10 of ${totalCount} shown)`).waitFor();
    // The history on show follows.
    await policies.getByText(/Took back Playlist Pal’s access \(in your settings\)/).waitFor();
    await shot('revoked');

    // Premium: the provider's checkout page, "Pay", and back to the account as PREMIUM with an invoice.
    const premium = page.getByRole('region', { name: 'Premium', exact: true });
    await premium.getByText('You are on the free plan.').waitFor();
    await page.getByRole('region', { name: 'Invoices', exact: true }).getByText('No invoices yet.').waitFor();
    await premium.getByRole('button', { name: 'Upgrade to Premium' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${standIn.url}/c/pay/`));
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(`${origin}/account`);
    await page.getByRole('status').getByText('Thank you: your payment went through.').waitFor();
    await premium.getByText(/^Premium, renewing on /).waitFor();
    // The header follows: PREMIUM has no daily limit here.
    await header.getByText('Unlimited downloads').waitFor();
    const invoice = page.getByRole('region', { name: 'Invoices', exact: true }).getByRole('row', { name: /MIXX-0001/ });
    expect((await invoice.getByRole('cell').allTextContents()).slice(-2)).toEqual([expect.stringMatching(/4\.99/), 'Paid']);
    expect(await premium.getByRole('button', { name: 'Upgrade to Premium' }).count()).toBe(0);
    await premium.scrollIntoViewIfNeeded();
    await shot('premium');

    // Manage billing: the provider's portal, "Cancel plan", back to Mixx; the plan ends with its period.
    await premium.getByRole('button', { name: 'Manage billing' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${standIn.url}/p/session/`));
    await page.getByRole('button', { name: 'Cancel plan' }).click();
    await page.waitForURL(`${origin}/`);
    await header.getByRole('link', { name: 'My account' }).click();
    await premium.getByText(/^Premium until .+: it will not renew\.$/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await premium.scrollIntoViewIfNeeded();
    await shot('premium-cancelled');

    // The app sent nothing to the provider: the browser went there only as pages the member opened.
    const toProvider = requests.filter((r) => r.url.startsWith(`${standIn.url}/`));
    expect(toProvider.length).toBeGreaterThan(0);
    expect(toProvider.filter((r) => !r.isNavigation)).toEqual([]);
    expect(requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith(`${standIn.url}/`))).toEqual([]);
  });
});
