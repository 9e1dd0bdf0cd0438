import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`browser tests need Debian's chromium at ${CHROMIUM} under CI (apt-get install chromium)`);
}
if (!hasChromium) process.stderr.write(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);

/** Debian's Chromium, headless, with everything that would reach out to the network switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Signs a staff member in at /admin and waits for the dashboard. */
export async function signInToAdmin(
  page: import('playwright-core').Page,
  baseUrl: string,
  who: { email: string; password: string },
) {
  await page.goto(`${baseUrl}/admin/login`);
  await page.locator('#field-email').fill(who.email);
  await page.locator('#field-password').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/admin' || url.pathname === '/admin/', { timeout: 30_000 });
}
