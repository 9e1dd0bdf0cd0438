import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, signInToAdmin } from './support/browser.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { makeStaff } from './support/staff.ts';

let mixx: TestMixx;
let browser: Browser;

describe.skipIf(!hasChromium)('the admin in a real browser', () => {
  beforeAll(async () => {
    mixx = await startTestMixx();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await mixx?.close();
  });

  it('lets a staff member sign in, edit the Privacy Policy and publish it; the API then serves the new version', async () => {
    const staff = await makeStaff(mixx.payload, 'editor');
    const before = (await mixx.gql('{ policy(kind: PRIVACY) { version } }')).data.policy.version;
    const found = await mixx.payload.find({ collection: 'policies', where: { kind: { equals: 'privacy' } }, limit: 1 });
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);

    await signInToAdmin(page, mixx.url, staff);
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
    await page.close();
  });
});
