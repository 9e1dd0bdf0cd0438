import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import { BadUserInputError, InvalidCredentialsError } from '../../errors/errors.ts';
import type { AppServices } from '../app-services.ts';
import type { ClientKey } from '../security/client-keys.ts';
import { isKnownDevice, newDeviceId, rememberDevice } from './devices.ts';
import { consumeToken, endAccountTokens, findLiveToken, issueToken } from './email-tokens.ts';
import { pageLink, resetStartLink } from './links.ts';
import { normaliseEmail } from './member-input.ts';
import { checkPasswordPolicy, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { type Auth, SessionService } from './session.service.ts';

/** Signing in, and the operations that prove knowledge of the password or of the mailbox. */
export class AccountService {
  private readonly sessions: SessionService;

  constructor(
    private readonly em: EntityManager,
    private readonly app: AppServices,
  ) {
    this.sessions = new SessionService(em);
  }

  /**
   * INVALID_CREDENTIALS for an unknown address and a wrong password alike, in about the same time:
   * an unknown address is verified against a dummy hash, and its device looked up all the same.
   * A device that signed in to this account before (`deviceId`) passes the account-wide limit a
   * stranger's flood may have filled; the answer names the device id to keep (a new one when the
   * client sent none, or one this member's account did not know).
   */
  async login(opts: { email: string; password: string; client: ClientKey; deviceId?: string; userAgent?: string }) {
    const email = opts.email.trim().toLowerCase();
    const member = email.length <= 254 ? await this.em.findOne(Member, { email }) : null;
    const known = await isKnownDevice(this.em, member?.id, opts.deviceId);
    const who = { account: email, client: opts.client, knownDevice: known ? opts.deviceId : undefined };
    await this.app.throttle.attempt('login', who);
    const isValid = member ? await verifyPassword(member.passwordHash, opts.password) : await verifyAgainstDummy(opts.password);
    if (!member || !isValid) throw new InvalidCredentialsError();
    await this.app.throttle.succeeded('login', who);
    if (needsRehash(member.passwordHash)) {
      member.passwordHash = await hashPassword(opts.password);
      await this.em.flush();
    }
    const deviceId = opts.deviceId ?? newDeviceId();
    await rememberDevice(this.em, member.id, deviceId);
    const { token, session } = await this.sessions.create(member, opts.userAgent);
    return { token, session, member, deviceId };
  }

  /**
   * Always succeeds; a mail goes out only where the address is registered. What differs between
   * the two (the token, the mail) happens after the response, so its time tells nothing.
   */
  async requestPasswordReset(rawEmail: string, client: ClientKey, deviceId?: string): Promise<void> {
    const email = normaliseEmail(rawEmail, 'email');
    const member = await this.em.findOne(Member, { email });
    const known = await isKnownDevice(this.em, member?.id, deviceId);
    await this.app.throttle.attempt('reset', { account: email, client, knownDevice: known ? deviceId : undefined });
    if (!member) return;
    const memberId = member.id;
    this.app.background.run('password-reset mail', async () => {
      const mail = await this.em.fork().transactional(async (em) => {
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
   * and hashed, so that junk requests cost nothing but a lookup.
   */
  async resetPassword(token: string, newPassword: string, client: ClientKey): Promise<void> {
    await this.app.throttle.attempt('reset-password', { client });
    const live = await findLiveToken(this.em, token, ['reset-password']);
    const passwordHash = await this.newPasswordHash(newPassword, 'newPassword', live.member, client);
    await this.em.transactional(async (em) => {
      const { member, email } = await consumeToken(em, token, ['reset-password']);
      member.passwordHash = passwordHash;
      if (email === member.email && !member.emailVerifiedAt) member.emailVerifiedAt = new Date();
      await em.flush();
      await endAccountTokens(em, member.id);
      await new SessionService(em).endAll(member.id);
    });
  }

  /** Keeps the session it is made with and ends every other one. */
  async changePassword(auth: Auth, opts: { currentPassword: string; newPassword: string; client: ClientKey }): Promise<void> {
    await this.checkPassword(auth.member, opts.currentPassword, opts.client);
    const passwordHash = await this.newPasswordHash(opts.newPassword, 'newPassword', auth.member, opts.client);
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(Member, { id: auth.member.id }, { passwordHash, updatedAt: new Date() });
      await endAccountTokens(em, auth.member.id);
      await new SessionService(em).endAll(auth.member.id, auth.session.id);
    });
  }

  /**
   * The new address gets a verification link, the old one a notice; the change applies once the
   * link is used. Whether the new address is taken is told to nobody but that address's owner.
   */
  async changeEmail(auth: Auth, opts: { newEmail: string; password: string; client: ClientKey }): Promise<void> {
    const newEmail = normaliseEmail(opts.newEmail, 'newEmail');
    await this.checkPassword(auth.member, opts.password, opts.client);
    if (newEmail === auth.member.email) throw new BadUserInputError('This is already your address.', 'newEmail');
    await this.app.throttle.attempt('change-email', { account: auth.member.id, client: opts.client });
    const { member } = auth;
    const mails = await this.em.transactional(async (em) => {
      const owner = await em.findOne(Member, { email: newEmail });
      const notice = {
        to: member.email,
        template: 'email-changed-notice' as const,
        values: { displayName: member.displayName, resetLink: resetStartLink(this.app.config.publicUrl) },
      };
      if (owner) {
        const values = { displayName: owner.displayName, resetLink: resetStartLink(this.app.config.publicUrl) };
        return [notice, { to: newEmail, template: 'already-registered' as const, values }];
      }
      const token = await issueToken(em, {
        member: em.getReference(Member, member.id),
        purpose: 'change-email',
        email: newEmail,
      });
      const link = pageLink(this.app.config.publicUrl, 'verify-email', token);
      return [notice, { to: newEmail, template: 'change-email' as const, values: { displayName: member.displayName, link } }];
    });
    for (const mail of mails) this.app.mailer.sendLater(mail);
  }

  /** For operations that ask for the password again; throttled like sign-in. */
  async checkPassword(member: Member, password: string, client: ClientKey): Promise<void> {
    await this.app.throttle.attempt('change-password', { account: member.id, client });
    if (!(await verifyPassword(member.passwordHash, password))) throw new InvalidCredentialsError();
  }

  private async newPasswordHash(password: string, field: string, member: Member, client: ClientKey): Promise<string> {
    const context = [member.email, member.email.split('@')[0] as string, member.displayName];
    await checkPasswordPolicy(password, field, context, client.current);
    return hashPassword(password);
  }
}
