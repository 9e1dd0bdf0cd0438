import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/services/security/tokens.ts';
import { lexicalParagraphs } from './support/lexical.ts';
import { currentPolicyIds, LOGIN, makeMember, REGISTER, type Smtp, strongPassword, uniqueEmail } from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { startSmtp, tokenFrom } from './support/smtp.ts';

let smtp: Smtp;
/** Mails over SMTP to a server that refuses every address starting with "refused-". */
let mixx: TestMixx;
/** No SMTP_URL: mails become files in its outbox. */
let outboxed: TestMixx;
let db: pg.Client;

beforeAll(async () => {
  smtp = await startSmtp({ refuse: (address) => address.startsWith('refused-') });
  mixx = await startTestMixx({ env: { SMTP_URL: smtp.url }, withAdmin: false });
  outboxed = await startTestMixx({ withAdmin: false });
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
  await outboxed?.close();
  await smtp?.close();
});

const CHANGE_EMAIL = 'mutation($e: String!, $p: String!) { changeEmail(newEmail: $e, password: $p) }';
const DELETE = 'mutation($p: String!) { deleteAccount(password: $p) }';

describe('exportMyData', () => {
  it('holds the pending new address and the announcement deliveries, and no token or token hash', async () => {
    const member = await makeMember(mixx, smtp);
    const newEmail = uniqueEmail('moving');
    expect((await mixx.gql(CHANGE_EMAIL, { e: newEmail, p: member.password }, member.auth)).data).toEqual({ changeEmail: true });
    const changeToken = tokenFrom(await smtp.next(newEmail, /./), 'verify-email');

    const announcement = await mixx.payload.create({
      collection: 'announcements',
      data: { subject: 'Export me this week', body: lexicalParagraphs('Hello.') },
    });
    const unsubscribeHash = hashToken(`export-${Date.now()}`);
    await db.query(
      `INSERT INTO announcement_delivery (announcement_id, member_id, unsubscribe_token_hash, status, sent_at)
       SELECT $1, id, $2, 'sent', now() FROM member WHERE email = $3`,
      [String(announcement.id), unsubscribeHash, member.email],
    );
    const { rows: stored } = await db.query(
      `SELECT id, created_at, sent_at FROM announcement_delivery WHERE unsubscribe_token_hash = $1`,
      [unsubscribeHash],
    );
    const { rows: tokens } = await db.query(
      `SELECT t.token_hash, t.created_at, t.expires_at FROM member_token t JOIN member m ON m.id = t.member_id
        WHERE m.email = $1 AND t.purpose = 'change-email'`,
      [member.email],
    );

    const data = (await mixx.gql('mutation { exportMyData }', {}, member.auth)).data.exportMyData;
    expect(data.profile.email).toBe(member.email);
    expect(data.profile.pendingEmail).toEqual({
      email: newEmail,
      requestedAt: tokens[0].created_at.toISOString(),
      expiresAt: tokens[0].expires_at.toISOString(),
    });
    expect(data.announcementDeliveries).toEqual([
      {
        id: stored[0].id,
        announcementId: String(announcement.id),
        subject: 'Export me this week',
        status: 'sent',
        recordedAt: stored[0].created_at.toISOString(),
        sentAt: stored[0].sent_at.toISOString(),
      },
    ]);
    const text = JSON.stringify(data);
    for (const secret of [changeToken, tokens[0].token_hash, unsubscribeHash, member.token]) expect(text).not.toContain(secret);

    // Once the new address is verified, nothing is pending.
    expect((await mixx.gql('mutation($t: String!) { verifyEmail(token: $t) }', { t: changeToken })).data).toEqual({
      verifyEmail: true,
    });
    const login = await mixx.gql(LOGIN, { email: newEmail, password: member.password });
    const after = await mixx.gql('mutation { exportMyData }', {}, { authorization: `Bearer ${login.data.login.token}` });
    expect(after.data.exportMyData.profile).toMatchObject({ email: newEmail, pendingEmail: null });
  });
});

describe('a failed mail', () => {
  it('is logged with the SMTP codes and command an operator acts on, never the address or the reply text', async () => {
    const email = uniqueEmail('refused');
    const before = mixx.logLines().length;
    const registered = await mixx.gql(REGISTER, {
      input: {
        email,
        password: strongPassword(),
        displayName: 'Refused',
        acceptedPolicyVersionIds: await currentPolicyIds(mixx),
      },
    });
    expect(registered.data).toEqual({ register: true });
    let failure: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !failure; i++) {
      failure = mixx
        .logLines()
        .slice(before)
        .find((l) => l.msg === 'mail failed');
      if (!failure) await new Promise((r) => setTimeout(r, 100));
    }
    expect(failure).toMatchObject({
      level: 'error',
      msg: 'mail failed',
      template: 'verify-email',
      error: 'Error',
      code: 'EENVELOPE',
      responseCode: 550,
      enhancedStatus: '5.1.1',
      command: 'RCPT TO',
    });
    const logged = JSON.stringify(mixx.logLines().slice(before));
    expect(logged).not.toContain(email);
    expect(logged).not.toContain(email.split('@')[0]);
    expect(logged).not.toMatch(/Recipient address rejected/);
  });
});

describe('erasure and the development outbox', () => {
  const outbox = () => path.join(outboxed.config.dataDir, 'outbox');
  const files = () => (existsSync(outbox()) ? readdirSync(outbox()) : []).filter((f) => f.endsWith('.eml'));
  const contents = () => files().map((f) => readFileSync(path.join(outbox(), f), 'utf8'));
  async function waitForFiles(count: number) {
    for (let i = 0; i < 100 && files().length < count; i++) await new Promise((r) => setTimeout(r, 50));
    expect(files().length).toBeGreaterThanOrEqual(count);
  }
  /** The token of the newest outbox mail to `address` linking to `page`. */
  async function tokenInOutbox(address: string, page: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      for (const raw of contents().reverse()) {
        const mail = await simpleParser(raw);
        const to = JSON.stringify(mail.to ?? '');
        const link = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]{43})`).exec(mail.text ?? '');
        if (to.includes(address) && link?.[1]) return link[1];
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${page} mail to ${address} in the outbox`);
  }
  async function register(email: string, password: string) {
    const res = await outboxed.gql(REGISTER, {
      input: { email, password, displayName: 'Outboxed', acceptedPolicyVersionIds: await currentPolicyIds(outboxed) },
    });
    expect(res.data).toEqual({ register: true });
    const verified = await outboxed.gql('mutation($t: String!) { verifyEmail(token: $t) }', {
      t: await tokenInOutbox(email, 'verify-email'),
    });
    expect(verified.data).toEqual({ verifyEmail: true });
  }

  it('removes every mail to the member, at any address they used, and keeps everyone else’s', async () => {
    const bystander = uniqueEmail('bystander');
    await register(bystander, strongPassword());
    const email = uniqueEmail('erased');
    const password = strongPassword();
    await register(email, password);
    const login = await outboxed.gql(LOGIN, { email, password });
    const auth = { authorization: `Bearer ${login.data.login.token}` };
    const newEmail = uniqueEmail('erased-new');
    expect((await outboxed.gql(CHANGE_EMAIL, { e: newEmail, p: password }, auth)).data).toEqual({ changeEmail: true });
    expect((await outboxed.gql('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: email })).data).toEqual({
      requestPasswordReset: true,
    });
    // verify (theirs) + verify (bystander) + notice + change-email + reset
    await waitForFiles(5);
    await tokenInOutbox(email, 'reset-password');
    const bystanderFiles = contents().filter((c) => c.includes(bystander));
    expect(bystanderFiles).toHaveLength(1);
    expect(contents().filter((c) => c.includes(email) || c.includes(newEmail)).length).toBeGreaterThanOrEqual(4);
    // A listing of the folder names nobody.
    expect(files().join('\n')).not.toMatch(/erased|bystander|example/);

    expect((await outboxed.gql(DELETE, { p: password }, auth)).data).toEqual({ deleteAccount: true });
    expect(contents().filter((c) => c.includes(email) || c.includes(newEmail))).toEqual([]);
    expect(contents().filter((c) => c.includes(bystander))).toEqual(bystanderFiles);
  });

  it('keeps a mail that was still being built when the account was erased out of the outbox, and sends later ones', async () => {
    const mailer = outboxed.services.mailer;
    const email = uniqueEmail('in-flight');
    const before = files().length;
    const mail = {
      to: email,
      template: 'reset-password' as const,
      values: { displayName: 'Soon gone', link: 'https://x.example/r' },
    };
    const inFlight = mailer.send(mail);
    await mailer.erase([email]);
    await inFlight;
    expect(files().length).toBe(before);
    // The address may register again at once: a mail handed over after the erasure is written.
    await mailer.send(mail);
    expect(contents().filter((c) => c.includes(email))).toHaveLength(1);
  });
});
