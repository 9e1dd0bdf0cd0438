import { Member } from '../../entities/member.entity.ts';
import { BadUserInputError, InvalidCredentialsError } from '../../errors/errors.ts';
import type { ForMemberActor } from '../access/actor.ts';
import type { Scope } from '../scope.ts';
import { isKnownDevice, newDeviceId, rememberDevice } from './devices.ts';
import { consumeToken, endAccountTokens, findLiveToken, issueToken } from './email-tokens.ts';
import { pageLink, resetStartLink } from './links.ts';
import { normaliseEmail } from './member-input.ts';
import { checkPasswordPolicy, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { createSession, endSessions } from './session.service.ts';

/** Signing in, and the operations that prove knowledge of the password or of the mailbox. */
export class AccountService {
  constructor(private readonly scope: Scope) {}

  private get app() {
    return this.scope.app;
  }

  /**
   * INVALID_CREDENTIALS for an unknown address and a wrong password alike, in about the same time:
   * an unknown address is verified against a dummy hash, and its device looked up all the same.
   * A device that signed in to this account before (`deviceId`) passes the account-wide limit a
   * stranger's flood may have filled; the answer names the device id to keep (a new one when the
   * client sent none). An anonymous visitor's cookie choices (`visitorId`) carry over to a member
   * who has made none. Public: anyone may try.
   */
  async login(opts: { email: string; password: string; deviceId?: string; visitorId?: string; userAgent?: string }) {
    const { em } = this.scope;
    const email = opts.email.trim().toLowerCase();
    const member = email.length <= 254 ? await em.findOne(Member, { email }) : null;
    const known = await isKnownDevice(em, member?.id, opts.deviceId);
    const who = { account: email, client: this.scope.client, knownDevice: known ? opts.deviceId : undefined };
    await this.app.throttle.attempt('login', who);
    const isValid = member ? await verifyPassword(member.passwordHash, opts.password) : await verifyAgainstDummy(opts.password);
    if (!member || !isValid) throw new InvalidCredentialsError();
    await this.app.throttle.succeeded('login', who);
    if (needsRehash(member.passwordHash)) {
      member.passwordHash = await hashPassword(opts.password);
      await em.flush();
    }
    const deviceId = opts.deviceId ?? newDeviceId();
    await rememberDevice(em, member.id, deviceId);
    const { token, session } = await createSession(em, member, opts.userAgent);
    await this.scope.cookies.carryOver(member, opts.visitorId);
    this.scope.signedIn({ kind: 'member', client: this.scope.client, member, session });
    return { token, session, member, deviceId };
  }

  /**
   * Always succeeds; a mail goes out only where the address is registered. What differs between
   * the two (the token, the mail) happens after the response, so its time tells nothing. Public.
   */
  async requestPasswordReset(rawEmail: string, deviceId?: string): Promise<void> {
    const email = normaliseEmail(rawEmail, 'email');
    const member = await this.scope.em.findOne(Member, { email });
    const known = await isKnownDevice(this.scope.em, member?.id, deviceId);
    await this.app.throttle.attempt('reset', {
      account: email,
      client: this.scope.client,
      knownDevice: known ? deviceId : undefined,
    });
    if (!member) return;
    const memberId = member.id;
    this.app.background.run('password-reset mail', async () => {
      const mail = await this.scope.em.fork().transactional(async (em) => {
        const current = await em.findOne(Member, { id: memberId, email });
        if (!current) return null;
        const token = await issueToken(em, { member: current, purpose: 'reset-password', email });
        return {
          to: email,
          template: 'reset-password' as const,
          values: { displayName: current.displayName, link: pageLink(this.app.config.publicUrl, 'reset-password', token) },
        };
      });
      if (mail) this.app.mailer.sendLater(mail);
    });
  }

  /**
   * A new password from the mailbox: every session and every other reset or verification link
   * ends, and the address counts as verified. The token is checked before the password is scored
   * and hashed, so that junk requests cost nothing but a lookup. Public: the token is the proof.
   */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    await this.app.throttle.attempt('reset-password', { client: this.scope.client });
    const live = await findLiveToken(this.scope.em, token, ['reset-password']);
    const passwordHash = await this.newPasswordHash(newPassword, 'newPassword', live.member);
    await this.scope.em.transactional(async (em) => {
      const { member, email } = await consumeToken(em, token, ['reset-password']);
      member.passwordHash = passwordHash;
      if (email === member.email && !member.emailVerifiedAt) member.emailVerifiedAt = new Date();
      await em.flush();
      await endAccountTokens(em, member.id);
      await endSessions(em, member.id);
    });
  }

  /** Keeps the session it is made with and ends every other one. */
  async changePassword(opts: { currentPassword: string; newPassword: string }): Promise<void> {
    const actor = await this.scope.require('account.use');
    await this.checkPassword(actor, opts.currentPassword);
    const passwordHash = await this.newPasswordHash(opts.newPassword, 'newPassword', actor.member);
    const keep = actor.kind === 'member' ? actor.session.id : undefined;
    await this.scope.em.transactional(async (em) => {
      await em.nativeUpdate(Member, { id: actor.member.id }, { passwordHash, updatedAt: new Date() });
      await endAccountTokens(em, actor.member.id);
      await endSessions(em, actor.member.id, keep);
    });
  }

  /**
   * The new address gets a verification link, the old one a notice; the change applies once the
   * link is used. Whether the new address is taken is told to nobody but that address's owner.
   */
  async changeEmail(opts: { newEmail: string; password: string }): Promise<void> {
    const actor = await this.scope.require('account.use');
    const { member } = actor;
    const newEmail = normaliseEmail(opts.newEmail, 'newEmail');
    await this.checkPassword(actor, opts.password);
    if (newEmail === member.email) throw new BadUserInputError('This is already your address.', 'newEmail');
    await this.app.throttle.attempt('change-email', { account: member.id, client: this.scope.client });
    const publicUrl = this.app.config.publicUrl;
    const mails = await this.scope.em.transactional(async (em) => {
      const owner = await em.findOne(Member, { email: newEmail });
      const notice = {
        to: member.email,
        template: 'email-changed-notice' as const,
        values: { displayName: member.displayName, resetLink: resetStartLink(publicUrl) },
      };
      if (owner) {
        const values = { displayName: owner.displayName, resetLink: resetStartLink(publicUrl) };
        return [notice, { to: newEmail, template: 'already-registered' as const, values }];
      }
      const token = await issueToken(em, {
        member: em.getReference(Member, member.id),
        purpose: 'change-email',
        email: newEmail,
      });
      const link = pageLink(publicUrl, 'verify-email', token);
      return [notice, { to: newEmail, template: 'change-email' as const, values: { displayName: member.displayName, link } }];
    });
    for (const mail of mails) this.app.mailer.sendLater(mail);
  }

  /** For operations that ask for the password again; throttled like sign-in. */
  async checkPassword(actor: ForMemberActor, password: string): Promise<void> {
    await this.app.throttle.attempt('change-password', { account: actor.member.id, client: this.scope.client });
    if (!(await verifyPassword(actor.member.passwordHash, password))) throw new InvalidCredentialsError();
  }

  private async newPasswordHash(password: string, field: string, member: Member): Promise<string> {
    const context = [member.email, member.email.split('@')[0] as string, member.displayName];
    await checkPasswordPolicy(password, field, context, this.scope.client.current);
    return hashPassword(password);
  }
}
