import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { writeMp3 } from './support/catalog.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { startStack, stopStack } from './support/stack.ts';
import { sendEvent } from './support/stripe-events.ts';
import { eventObject } from './support/stripe-objects.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let trackId: string;

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack({
    env: { MIXX_FREE_DOWNLOADS_PER_DAY: '2', MIXX_PREMIUM_DOWNLOADS_PER_DAY: '3' },
    withAdmin: false,
  }));
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mixx-billing-off-'));
  const title = `Fair Use ${Date.now().toString(36)}`;
  writeMp3(path.join(folder, 'song.mp3'), { title, artist: 'The Limits', album: 'Per Day', year: 2026 });
  await importFolder({ folder, mediaDir: mediaDirOf(mixx.config), db });
  const { rows } = await db.query('SELECT id FROM track WHERE title = $1', [title]);
  trackId = Buffer.from(`Track:${rows[0].id}`).toString('base64url');
});
afterAll(() => stopStack({ mixx, smtp, db }));

const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;

describe('without STRIPE_SECRET_KEY', () => {
  it('answers PAYMENTS_UNAVAILABLE to both mutations and leaves the rest as it was', async () => {
    const member = await makeMember(mixx, smtp);
    const checkout = await mixx.gql('mutation { startPremiumCheckout { url } }', {}, member.auth);
    expect(checkout.errors?.[0]?.extensions).toEqual({ code: 'PAYMENTS_UNAVAILABLE' });
    expect(codeOf(await mixx.gql('mutation { openBillingPortal { url } }', {}, member.auth))).toBe('PAYMENTS_UNAVAILABLE');
    // Signing in still comes first.
    expect(codeOf(await mixx.gql('mutation { startPremiumCheckout { url } }'))).toBe('UNAUTHENTICATED');
    expect((await mixx.gql('{ me { plan subscription { status } invoices { totalCount } } }', {}, member.auth)).data).toEqual({
      me: { plan: 'FREE', subscription: null, invoices: { totalCount: 0 } },
    });
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM billing_customer c JOIN member m ON m.id = c.member_id WHERE m.email = $1',
      [member.email],
    );
    expect(rows[0].n).toBe(0);
    // Erasure needs no provider when there is nothing to cancel.
    const deleted = await mixx.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: member.password }, member.auth);
    expect(deleted.data).toEqual({ deleteAccount: true });
  });

  it('answers 503 on the webhook, storing nothing', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM billing_event')).rows[0].n;
    const delivery = await sendEvent(`${mixx.url}/webhooks/stripe`, eventObject('invoice.paid', { id: 'in_x' }), {
      secret: 'whsec_anything0123456789',
    });
    expect(delivery.status).toBe(503);
    expect((await db.query('SELECT count(*)::int AS n FROM billing_event')).rows[0].n).toBe(before);
  });
});

describe('the PREMIUM quota', () => {
  it('follows the plan at once, with the fair-use limit MIXX_PREMIUM_DOWNLOADS_PER_DAY sets', async () => {
    const member = await makeMember(mixx, smtp);
    const download = () => mixx.gql('mutation($t: ID!) { requestDownload(trackId: $t) { url } }', { t: trackId }, member.auth);
    const quota = async () =>
      (await mixx.gql('{ me { downloadQuota { plan limit used remaining } } }', {}, member.auth)).data.me.downloadQuota;
    for (let i = 0; i < 2; i++) expect((await download()).errors).toBeUndefined();
    expect(codeOf(await download())).toBe('QUOTA_EXCEEDED');
    // What a subscription's webhook does to the plan, mid-day: the PREMIUM limit holds at once.
    await db.query("UPDATE member SET plan = 'premium' WHERE email = $1", [member.email]);
    expect(await quota()).toEqual({ plan: 'PREMIUM', limit: 3, used: 2, remaining: 1 });
    expect((await download()).errors).toBeUndefined();
    expect(codeOf(await download())).toBe('QUOTA_EXCEEDED');
    await db.query("UPDATE member SET plan = 'free' WHERE email = $1", [member.email]);
    expect(await quota()).toEqual({ plan: 'FREE', limit: 2, used: 3, remaining: 0 });
  });
});

describe('the billing configuration', () => {
  const base = { MIXX_SECRET: 'config-test-secret-0123456789-abcdefghijklmn', MIXX_DATA_DIR: '/tmp/mixx-config-test' };
  const stripe = {
    STRIPE_SECRET_KEY: 'sk_test_0123456789abcdef',
    STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
    STRIPE_PRICE_PREMIUM: 'price_0123456789',
  };

  it('is off without keys, and on with the three of them', () => {
    expect(loadConfig(base).stripe).toBeUndefined();
    expect(loadConfig({ ...base, ...stripe }).stripe).toEqual({
      secretKey: stripe.STRIPE_SECRET_KEY,
      webhookSecret: stripe.STRIPE_WEBHOOK_SECRET,
      pricePremium: stripe.STRIPE_PRICE_PREMIUM,
      api: undefined,
    });
    expect(loadConfig({ ...base, ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripe?.api).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
    expect(loadConfig({ ...base, ...stripe, STRIPE_API_URL: 'http://[::1]:12111/' }).stripe?.api).toEqual({
      host: '::1',
      port: 12111,
      protocol: 'http',
    });
    expect(loadConfig({ ...base, ...stripe, STRIPE_API_URL: 'https://stripe.internal.example' }).stripe?.api).toEqual({
      host: 'stripe.internal.example',
      port: 443,
      protocol: 'https',
    });
  });

  it.each([
    [{ STRIPE_SECRET_KEY: 'sk_test_0123456789abcdef' }, /^STRIPE_WEBHOOK_SECRET: /],
    [{ ...stripe, STRIPE_WEBHOOK_SECRET: undefined }, /^STRIPE_WEBHOOK_SECRET: /],
    [{ ...stripe, STRIPE_PRICE_PREMIUM: undefined }, /^STRIPE_PRICE_PREMIUM: /],
    [{ ...stripe, STRIPE_SECRET_KEY: 'pk_test_0123456789abcdef' }, /^STRIPE_SECRET_KEY: /],
    [{ ...stripe, STRIPE_WEBHOOK_SECRET: 'secret' }, /^STRIPE_WEBHOOK_SECRET: /],
    [{ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111/v1' }, /^STRIPE_API_URL: /],
    [{ ...stripe, STRIPE_API_URL: 'ftp://127.0.0.1' }, /^STRIPE_API_URL: /],
    [{ STRIPE_API_URL: 'http://127.0.0.1:12111' }, /^STRIPE_SECRET_KEY: /],
    [{ MIXX_PREMIUM_DOWNLOADS_PER_DAY: '0' }, /^MIXX_PREMIUM_DOWNLOADS_PER_DAY: /],
    [{ MIXX_PREMIUM_DOWNLOADS_PER_DAY: '5', MIXX_FREE_DOWNLOADS_PER_DAY: '20' }, /^MIXX_PREMIUM_DOWNLOADS_PER_DAY: /],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('gives PREMIUM no daily limit unless MIXX_PREMIUM_DOWNLOADS_PER_DAY sets one', () => {
    expect(loadConfig(base).premiumDownloadsPerDay).toBeNull();
    expect(loadConfig({ ...base, MIXX_PREMIUM_DOWNLOADS_PER_DAY: '500' }).premiumDownloadsPerDay).toBe(500);
  });
});
