import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { mediaDirOf, mediaPath } from '../src/services/catalog/import/media-store.ts';
import { hasChromium, launchChromium } from './support/browser.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { strongPassword, uniqueEmail } from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { publishPolicy } from './support/policies.ts';
import { freePort } from './support/process.ts';
import { findAnywhere } from './support/scan.ts';
import { startSmtp } from './support/smtp.ts';
import { accessibilityProblems, artefactsDir, offline, screenshots } from './support/web.ts';

/**
 * A visitor's first ten minutes in the reference web app, in Chromium, against Mixx with the demo
 * catalog (a database of its own: the demo is imported only into an empty catalog) and a real SMTP
 * server. Screenshots of each step go to test-results/web-app/.
 */
let mixx: TestMixx;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let db: pg.Client;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: string[];

describe.skipIf(!hasChromium)('the reference web app in a real browser', () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    fresh = await freshDatabase();
    const port = await freePort();
    mixx = await startTestMixx({
      port,
      withAdmin: false,
      env: {
        DATABASE_URL: fresh.url,
        MIXX_DEMO_CATALOG: 'true',
        SMTP_URL: smtp.url,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        MIXX_FREE_DOWNLOADS_PER_DAY: '2',
      },
    });
    db = new pg.Client({ connectionString: fresh.url });
    await db.connect();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    requests = await offline(context, mixx.url);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
    const payloadPool = (mixx?.payload.db as unknown as { pool?: pg.Pool } | undefined)?.pool;
    await mixx?.close();
    payloadPool?.on('error', () => {});
    await fresh?.drop();
    await smtp?.close();
  });

  it('lets a visitor answer the cookie banner, search, register, confirm, sign in, accept new terms, download, export and delete', async () => {
    const shot = screenshots(page, 'web-app');
    onTestFailed(async () => void (await shot('failed')));
    const email = uniqueEmail('web');
    const password = strongPassword();
    const displayName = 'Browser Bea';
    const button = (name: string) => page.getByRole('button', { name, exact: true });
    const header = page.getByRole('banner');

    // The cookie banner: nothing but necessary cookies before an answer, and none at all here.
    await page.goto(mixx.url);
    await page.getByRole('heading', { name: 'Newest tracks' }).waitFor();
    const banner = page.getByRole('region', { name: 'Cookies' });
    await banner.waitFor();
    expect(await context.cookies()).toEqual([]);
    await shot('cookie-banner');
    expect(await accessibilityProblems(page)).toEqual([]);
    await banner.getByRole('button', { name: 'Only necessary' }).click();
    await banner.waitFor({ state: 'detached' });
    expect((await context.cookies()).map((c) => [c.name, c.httpOnly])).toEqual([['mixx_visitor', true]]);
    await page.reload();
    await page.getByRole('heading', { name: 'Newest tracks' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await banner.count()).toBe(0);
    // The footer reopens it; "Choose" saves one kind at a time (and carries over at sign-in).
    await page.getByRole('contentinfo').getByRole('button', { name: 'Cookie settings' }).click();
    await banner.getByRole('button', { name: 'Choose' }).click();
    await banner.getByLabel('Preferences').check();
    await banner.getByRole('button', { name: 'Save my choices' }).click();
    await banner.waitFor({ state: 'detached' });

    // Search as one types, with typos and without accents; one request per pause, not per key.
    let searches = 0;
    page.on('request', (r) => void (r.postData()?.includes('query Search(') && searches++));
    await page.getByRole('searchbox', { name: 'Search' }).pressSequentially('metalica', { delay: 40 });
    await page.getByRole('status').filter({ hasText: 'for “metalica”' }).waitFor();
    // Eight keys 40 ms apart, under the 250 ms pause: one request (two if the machine stalls between keys).
    expect(searches).toBeGreaterThanOrEqual(1);
    expect(searches).toBeLessThanOrEqual(2);
    const artists = page.getByRole('region', { name: 'Artists' });
    await artists.getByRole('link', { name: 'Métallicorn' }).waitFor();
    await shot('search-metalica');
    // The README's picture (docs/web-app.png, copied there with MIXX_UPDATE_DOCS_SCREENSHOT=1).
    await page.screenshot({ path: path.join(artefactsDir, 'web-app.png') });
    await page.getByRole('searchbox', { name: 'Search' }).fill('beyonce');
    await artists.getByRole('link', { name: 'Beyoncé Marchetti' }).waitFor();

    // An artist, a release with its cover (also opened by its address), a genre, the charts.
    await artists.getByRole('link', { name: 'Beyoncé Marchetti' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beyoncé Marchetti' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page
      .getByRole('list')
      .getByRole('link', { name: /Lemon Skies/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Lemon Skies' }).waitFor();
    await page.reload();
    const cover = page.getByRole('img', { name: 'Cover of Lemon Skies' });
    await cover.waitFor();
    // The element is there before its picture: wait for the picture (a busy machine loads it later).
    await expect
      .poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 })
      .toBe(300);
    await shot('release');
    await page.getByRole('main').getByRole('link', { name: 'Pop', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Pop' }).waitFor();
    await page.goto(`${mixx.url}/artists/not-an-artist`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Mixx', exact: true }).click();
    await button('This month').click();
    expect(await button('This month').getAttribute('aria-pressed')).toBe('true');

    // Register, reading the policies in the page; the information e-mails box starts unticked.
    await header.getByRole('link', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create account' }).waitFor();
    await page.getByRole('region', { name: /Terms of Use/ }).waitFor();
    await page.getByRole('region', { name: /Privacy Policy/ }).waitFor();
    await page.getByLabel('Display name', { exact: true }).fill(displayName);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    expect(await page.getByLabel(/information e-mails/).isChecked()).toBe(false);
    await page.getByLabel(/I have read and accept/).check();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('register');
    await button('Create account').click();
    await page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();
    await shot('check-your-email');
    const mail = await smtp.next(email, /Confirm your e-mail address/);

    // Sign in (with the keyboard) before confirming: downloads wait for the address.
    await page.getByRole('main').getByRole('link', { name: 'sign in' }).click();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await header.getByRole('link', { name: 'My account' }).waitFor();
    const session = (await context.cookies()).find((c) => c.name === 'mixx_session');
    expect(session?.httpOnly).toBe(true);
    const stored = await page.evaluate(() => `${document.cookie} ${JSON.stringify({ ...localStorage, ...sessionStorage })}`);
    expect(stored).not.toContain(session?.value);
    await header.getByText('2 of 2 downloads left today').waitFor();
    await button('Download').first().click();
    await page.getByRole('alert').getByText('Please confirm your e-mail address first').waitFor();
    await shot('email-not-verified');

    // The link from the e-mail (the server's own page), then back to the app.
    const link = mail.text.match(/https?:\/\/\S+\/verify-email\?token=[\w-]+/)?.[0] as string;
    await page.goto(link);
    await button('Confirm my address').click();
    await page.getByText('your address is confirmed').waitFor();
    await page.goto(mixx.url);
    await page.getByRole('heading', { name: 'Newest tracks' }).waitFor();

    // Staff publish a material change of the Terms meanwhile: the next download asks for it.
    await publishPolicy(mixx.payload, 'terms', {
      text: 'Terms, changed while you were browsing.',
      requiresReacceptance: true,
      changeSummary: 'Downloads are counted per UTC day',
    });
    await button('Download').first().click();
    const prompt = page.getByRole('dialog', { name: 'Our terms have changed' });
    await prompt.getByText('Downloads are counted per UTC day').waitFor();
    // What changed in the text since the version the member accepted, marked word by word.
    const changes = prompt.getByRole('region', { name: 'Changes since version 1' });
    await changes.locator('ins').first().waitFor();
    expect((await changes.locator('ins').allTextContents()).join(' ')).toContain('browsing');
    expect(await changes.locator('del').count()).toBeGreaterThan(0);
    await prompt.getByText(/^Changes since version 1, which you accepted: \d+ words? added, \d+ words? removed\./).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('policy-prompt');
    await prompt.getByRole('button', { name: 'Accept', exact: true }).click();
    await prompt.waitFor({ state: 'detached' });
    await page.getByText('Thank you: you accepted').waitFor();

    // Downloads: the browser saves the catalog's own bytes, and the quota in the header drops.
    const rows = page.locator('section[aria-labelledby="newest"] tbody tr');
    for (const [index, left] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const title = (await rows.nth(index).locator('th').textContent()) as string;
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        rows.nth(index).getByRole('button', { name: 'Download' }).click(),
      ]);
      const saved = readFileSync((await download.path()) as string);
      const { rows: files } = await db.query(
        'SELECT f.storage_key FROM audio_file f JOIN track t ON t.id = f.track_id WHERE t.title = $1',
        [title],
      );
      expect(saved.equals(readFileSync(mediaPath(mediaDirOf(mixx.config), files[0].storage_key)))).toBe(true);
      expect(download.suggestedFilename()).toMatch(/\.mp3$/);
      await header.getByText(`${left} of 2 downloads left today`).waitFor();
    }
    await shot('downloaded');
    await rows.nth(2).getByRole('button', { name: 'Download' }).click();
    await page.getByRole('alert').getByText('You have used all of today’s downloads').waitFor();
    await shot('quota-exceeded');
    await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

    // My account: profile, sessions, consent, cookie choices, policies and the consent history.
    await header.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(await page.getByRole('region', { name: 'Profile' }).getByLabel('Display name').inputValue()).toBe(displayName);
    await page.getByRole('region', { name: 'Sessions' }).getByText('This browser.').waitFor();
    await page
      .getByRole('region', { name: 'Information e-mails' })
      .getByText('You do not receive information e-mails.')
      .waitFor();
    const policies = page.getByRole('region', { name: 'Policies and consent' });
    await policies.getByText(/Terms of Use, version 2: accepted/).waitFor();
    await policies.getByRole('button', { name: 'Show the consent history' }).click();
    await policies
      .getByRole('listitem')
      .filter({ hasText: /Accepted .*Terms of Use, version 2 \(in a prompt\)/ })
      .waitFor();
    // No partner app, nothing disclosed; no billing on this instance, said as such.
    await page.getByRole('region', { name: 'Apps you allowed' }).getByText('No partner app can reach your account.').waitFor();
    await page.getByRole('region', { name: 'What left Mixx' }).getByText('Nothing about you has left Mixx.').waitFor();
    const premium = page.getByRole('region', { name: 'Premium', exact: true });
    await premium.getByText('You are on the free plan.').waitFor();
    await premium.getByRole('button', { name: 'Upgrade to Premium' }).click();
    await premium.getByRole('status').getByText('Premium is not offered here: this Mixx does not take payments.').waitFor();
    await page.getByRole('region', { name: 'Invoices', exact: true }).getByText('No invoices yet.').waitFor();
    const cookies = page.getByRole('region', { name: 'Cookie choices' });
    expect(await cookies.getByLabel('Preferences').isChecked()).toBe(true);
    expect(await cookies.getByLabel('Analytics').isChecked()).toBe(false);
    const emails = page.getByRole('region', { name: 'Information e-mails' });
    await emails.getByLabel(/Send me information e-mails/).check();
    await emails.getByText('Waiting for you to confirm from the e-mail we sent you.').waitFor();
    await smtp.next(email, /confirm/i);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('account');

    // Download my data: the export as a JSON file.
    const [exported] = await Promise.all([page.waitForEvent('download'), button('Download my data').click()]);
    expect(exported.suggestedFilename()).toMatch(/^mixx-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await exported.path()) as string, 'utf8'));
    expect(data.profile).toMatchObject({ email, displayName, emailVerified: true });
    expect(data.downloads).toHaveLength(2);

    // Delete my account, with the password: signed out, and nothing of the member remains.
    const deletion = page.getByRole('region', { name: 'Delete my account' });
    await deletion.getByLabel('Password', { exact: true }).fill(password);
    await deletion.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Your account is deleted').waitFor();
    await header.getByRole('link', { name: 'Sign in' }).waitFor();
    await shot('deleted');
    // Left: the cookie choice and the random device id (its record went with the account).
    expect((await context.cookies()).map((c) => c.name).sort()).toEqual(['mixx_device', 'mixx_visitor']);
    expect(await findAnywhere(db, [email, displayName, data.profile.id])).toEqual([]);

    // Nothing left 127.0.0.1 on the way.
    expect(requests.filter((url) => !url.startsWith(`${mixx.url}/`))).toEqual([]);
    if (process.env.MIXX_UPDATE_DOCS_SCREENSHOT === '1') {
      copyFileSync(path.join(artefactsDir, 'web-app.png'), path.join(artefactsDir, '..', 'docs', 'web-app.png'));
    }
  });
});
