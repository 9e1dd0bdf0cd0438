import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hasChromium, launchChromium } from './support/browser.ts';
import { makeMember, type Smtp } from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { startSmtp } from './support/smtp.ts';
import { offline, screenshots } from './support/web.ts';

let browser: Browser;

/** Opens GraphiQL offline, runs its default query and returns what the page asked the network for. */
async function runDefaultQuery(mixx: TestMixx, name: string, cookie?: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const requests = await offline(context, mixx.url);
  if (cookie) await context.addCookies([{ name: 'mixx_session', value: cookie, url: mixx.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const shot = screenshots(page, `graphiql-${name}`);
  onTestFailed(async () => void (await shot('failed')));
  const graphql: { body: string; status: number }[] = [];
  page.on('response', async (r) => {
    if (r.url() === `${mixx.url}/graphql` && r.request().method() === 'POST')
      graphql.push({ body: r.request().postData() ?? '', status: r.status() });
  });
  await page.goto(`${mixx.url}/graphql`);
  await page.locator('.graphiql-query-editor .view-lines').getByText('totalCount').waitFor();
  await page.getByRole('button', { name: /Execute query/ }).click();
  const response = page.locator('.graphiql-response .view-lines');
  await response.getByText('"totalCount"').waitFor();
  await shot('ran');
  return { context, page, requests, graphql, response };
}

/** Replaces the editor's text (insertText: no key events, so no brackets are closed automatically). */
async function typeQuery(page: Page, query: string) {
  await page.locator('.graphiql-query-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
  await page.getByRole('button', { name: /Execute query/ }).click();
}

describe.skipIf(!hasChromium)('GraphiQL in a real browser, with the network cut off', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  describe('in development', () => {
    let mixx: TestMixx;
    let smtp: Smtp;
    beforeAll(async () => {
      smtp = await startSmtp();
      mixx = await startTestMixx({ withAdmin: false, env: { SMTP_URL: smtp.url } });
    });
    afterAll(async () => {
      await mixx?.close();
      await smtp?.close();
    });

    it('loads from the server alone, introspects the schema and runs a query, with the member signed in', async () => {
      const member = await makeMember(mixx, smtp, { displayName: 'GraphiQL Gil' });
      const total = (await mixx.gql('{ tracks(first: 1) { totalCount } }')).data.tracks.totalCount;
      const { context, page, requests, graphql, response } = await runDefaultQuery(mixx, 'development', member.token);
      await response.getByText(String(total)).waitFor();
      // The standard introspection query was answered, so the editor knows the schema.
      const introspection = graphql.find((g) => g.body.includes('IntrospectionQuery'));
      expect(introspection?.status).toBe(200);
      // The session cookie goes along: `me` answers for the member.
      await typeQuery(page, '{ me { displayName } }');
      await response.getByText('"GraphiQL Gil"').waitFor();
      expect(requests.length).toBeGreaterThan(3);
      expect(requests.filter((url) => !url.startsWith(`${mixx.url}/`))).toEqual([]);
      await context.close();
    });
  });

  describe('in production with MIXX_GRAPHIQL=true', () => {
    let mixx: TestMixx;
    beforeAll(async () => {
      mixx = await startTestMixx({ withAdmin: false, env: { MIXX_ENV: 'production', MIXX_GRAPHIQL: 'true' } });
    });
    afterAll(() => mixx?.close());

    it('knows the schema from the committed SDL, sends no introspection query, and runs a query', async () => {
      const { context, page, requests, graphql } = await runDefaultQuery(mixx, 'production');
      expect(graphql.filter((g) => g.body.includes('__schema'))).toEqual([]);
      // The schema is there all the same: the editor flags a field that does not exist.
      await typeQuery(page, '{ tracks(first: 1) { noSuchField } }');
      await page.locator('.graphiql-query-editor .squiggly-error').first().waitFor();
      expect(requests.filter((url) => !url.startsWith(`${mixx.url}/`))).toEqual([]);
      await context.close();
    });
  });
});
