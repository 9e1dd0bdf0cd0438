import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestMixx } from './mixx.ts';
import { type startSmtp, tokenFrom } from './smtp.ts';

export type Smtp = Awaited<ReturnType<typeof startSmtp>>;

export const uniqueEmail = (label = 'member') => `${label}-${randomBytes(5).toString('hex')}@example.org`;
export const strongPassword = () => `Blue-whale ${randomBytes(6).toString('base64url')} sings`;

export async function currentPolicyIds(mixx: TestMixx): Promise<string[]> {
  const res = await mixx.gql('{ terms: policy(kind: TERMS) { id } privacy: policy(kind: PRIVACY) { id } }');
  return [res.data.terms.id, res.data.privacy.id];
}

export const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) }`;
export const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt member { id email displayName emailVerified plan createdAt } } }`;

/** Registers a member through the API, verifies the address from the e-mail, and signs in. */
/**
 * The member's ledger entries in ledger order, read through the API: an entry is indexed just after
 * its transaction commits, and the API indexes any it would show without one. So a test that reads
 * `consent_event` itself calls this first.
 */
export async function ledgerOf(mixx: TestMixx, auth: Record<string, string>): Promise<{ kind: string; ledgerIndex: number }[]> {
  const history = await mixx.gql('{ me { consentHistory(first: 100) { edges { node { kind ledgerIndex } } } } }', {}, auth);
  expect(history.errors).toBeUndefined();
  return history.data.me.consentHistory.edges
    .map((e: { node: { kind: string; ledgerIndex: number } }) => e.node)
    .sort((a: { ledgerIndex: number }, b: { ledgerIndex: number }) => a.ledgerIndex - b.ledgerIndex);
}

export async function makeMember(
  mixx: TestMixx,
  smtp: Smtp,
  opts: { verify?: boolean; displayName?: string; headers?: Record<string, string> } = {},
) {
  const email = uniqueEmail();
  const password = strongPassword();
  const displayName = opts.displayName ?? `Listener ${randomBytes(3).toString('hex')}`;
  const registered = await mixx.gql(
    REGISTER,
    { input: { email, password, displayName, acceptedPolicyVersionIds: await currentPolicyIds(mixx) } },
    opts.headers,
  );
  expect(registered.errors).toBeUndefined();
  const mail = await smtp.next(email, /Confirm your e-mail address/);
  if (opts.verify !== false) {
    const verified = await mixx.gql(
      'mutation($t: String!) { verifyEmail(token: $t) }',
      { t: tokenFrom(mail, 'verify-email') },
      opts.headers,
    );
    expect(verified.data).toEqual({ verifyEmail: true });
  }
  const login = await mixx.gql(LOGIN, { email, password }, opts.headers);
  expect(login.errors).toBeUndefined();
  const token: string = login.data.login.token;
  return {
    email,
    password,
    displayName,
    token,
    id: login.data.login.member.id as string,
    auth: { authorization: `Bearer ${token}`, ...opts.headers },
  };
}
