import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, signInToAdmin } from './support/browser.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { freePort, startTestMixx, type TestMixx } from './support/mixx.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let mixx: TestMixx;
let browser: Browser;

describe.skipIf(!hasChromium)('the first admin of a fresh instance, in a real browser', () => {
  beforeAll(async () => {
    fresh = await freshDatabase();
    const port = await freePort();
    mixx = await startTestMixx({ port, env: { DATABASE_URL: fresh.url, PUBLIC_URL: `http://127.0.0.1:${port}` } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await mixx?.close();
    await fresh?.drop();
  });

  it('opens the link from the data folder, chooses an address and a password, and signs in to the admin', async () => {
    const file = path.join(mixx.config.dataDir, 'first-admin-link.txt');
    const link = readFileSync(file, 'utf8').split('\n')[0] as string;
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(link);
    const admin = { email: 'first-admin@example.org', password: 'A-first-admin-password' };
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByLabel('The same again').fill(admin.password);
    await page.getByRole('button', { name: 'Create the admin' }).click();
    await page.getByRole('heading', { name: 'The first admin is ready' }).waitFor();
    await page.close();

    const signedIn = await browser.newPage();
    signedIn.setDefaultTimeout(30_000);
    await signInToAdmin(signedIn, mixx.url, admin);
    await signedIn
      .getByText(/policies/i)
      .first()
      .waitFor();
    // The link worked once.
    const again = await fetch(link);
    expect(again.status).toBe(404);
    await signedIn.close();
  });
});
