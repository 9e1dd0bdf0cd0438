import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOGIN, makeMember, type Smtp, strongPassword } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { findAnywhere } from './support/scan.ts';
import { tokenFrom } from './support/smtp.ts';
import { startStack, stopStack } from './support/stack.ts';

const ADDRESS = '203.0.113.77';
const headers = { 'x-forwarded-for': ADDRESS, 'user-agent': 'PrivacyProbe/1.0' };

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack({ env: { MIXX_TRUST_PROXY: 'true' }, withAdmin: false }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

it('stores and logs no client address, neither the forwarded one nor loopback, through the member flows', async () => {
  const startLines = mixx.logLines().length;
  const member = await makeMember(mixx, smtp, { headers });
  const gql = (q: string, v: Record<string, unknown> = {}, h: Record<string, string> = {}) =>
    mixx.gql(q, v, { ...headers, ...h });
  await gql(LOGIN, { email: member.email, password: 'Wrong-password-here' });
  await gql('{ me { id sessions { id userAgent } acceptances { id } } }', {}, member.auth);
  await gql('mutation { exportMyData }', {}, member.auth);
  await gql('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: member.email });
  const token = tokenFrom(await smtp.next(member.email, /new Mixx password/), 'reset-password');
  await fetch(`${mixx.url}/reset-password?token=${token}`, { headers });
  const newPassword = strongPassword();
  await gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: token, p: newPassword });
  const again = await gql(LOGIN, { email: member.email, password: newPassword });
  await gql('mutation { logout }', {}, { authorization: `Bearer ${again.data.login.token}` });

  expect(await findAnywhere(db, [ADDRESS, '127.0.0.1', '::1', '::ffff:127'])).toEqual([]);

  const lines = mixx.logLines().slice(startLines);
  const requests = lines.filter((l) => l.msg === 'request');
  expect(requests.length).toBeGreaterThan(8);
  for (const line of requests) {
    expect(Object.keys(line).sort()).toEqual(['client', 'level', 'method', 'ms', 'msg', 'route', 'status', 'time']);
  }
  const text = lines.map((l) => JSON.stringify(l)).join('\n');
  expect(text).not.toContain(ADDRESS);
  expect(text).not.toContain('127.0.0.1');
  expect(text).not.toContain(member.email);
  expect(text).not.toContain(token);
  expect(text).not.toContain(member.token);
});
