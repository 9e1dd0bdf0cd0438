import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Member } from '../../entities/member.entity.ts';
import type { PolicyKindValue } from '../../entities/policy-version.entity.ts';
import { BadUserInputError } from '../../errors/errors.ts';
import { keyOf } from '../common/global-id.ts';
import { recordAcceptances } from '../consent/ledger.ts';
import type { OutgoingMail } from '../mail/mailer.ts';
import type { Scope } from '../scope.ts';
import { consumeToken, endAccountTokens, issueToken } from './email-tokens.ts';
import { pageLink, resetStartLink } from './links.ts';
import { checkDisplayName, normaliseEmail } from './member-input.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';

export type RegisterCommand = {
  email: string;
  password: string;
  displayName: string;
  acceptedPolicyVersionIds: string[];
  emailConsent: boolean;
};

/**
 * Registration, e-mail verification and its resending. No answer tells whether an address is
 * registered: a new address gets a verification e-mail, a registered one a notice.
 */
export class RegistrationService {
  constructor(private readonly scope: Scope) {}

  private get app() {
    return this.scope.app;
  }

  /**
   * Public. When the member asked for information e-mails, the double opt-in starts in the same
   * transaction and its confirmation mail goes out with the verification mail.
   */
  async register(input: RegisterCommand): Promise<void> {
    const client = this.scope.client;
    const email = normaliseEmail(input.email, 'input.email');
    const displayName = checkDisplayName(input.displayName, 'input.displayName');
    // The throttle first: scoring and hashing cost far more than a refusal.
    await this.app.throttle.attempt('register', { account: email, client });
    await checkPasswordPolicy(
      input.password,
      'input.password',
      [email, email.split('@')[0] as string, displayName],
      client.current,
    );
    const versionIds = await this.currentVersionsNamed(input.acceptedPolicyVersionIds);
    const passwordHash = await hashPassword(input.password);

    const mails: OutgoingMail[] = [];
    try {
      await this.scope.em.transactional(async (em) => {
        const existing = await em.findOne(Member, { email });
        if (existing) {
          mails.push(this.alreadyRegisteredMail(existing));
          return;
        }
        const member = em.create(Member, {
          id: randomUUID(),
          pseudonym: randomUUID(),
          email,
          displayName,
          passwordHash,
          plan: 'free',
          emailConsent: 'NONE',
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        await em.flush();
        await recordAcceptances(em, { member, versionIds, source: 'registration' });
        const token = await issueToken(em, { member, purpose: 'verify-email', email });
        mails.push({
          to: email,
          template: 'verify-email',
          values: { displayName, link: pageLink(this.app.config.publicUrl, 'verify-email', token) },
        });
        if (input.emailConsent) mails.push(await this.scope.emailConsent.request(em, member, 'registration'));
      });
    } catch (error) {
      // Two registrations of one address at once: the loser is told nothing more than the winner.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const existing = await this.scope.em.fork().findOne(Member, { email });
      if (existing) mails.push(this.alreadyRegisteredMail(existing));
    }
    for (const mail of mails) this.app.mailer.sendLater(mail);
  }

  /** The ids must name the TERMS and PRIVACY versions in force now. */
  private async currentVersionsNamed(ids: string[]): Promise<string[]> {
    const field = 'input.acceptedPolicyVersionIds';
    const keys = new Set(ids.map((id) => keyOf(id, 'PolicyVersion', field)));
    const policies = this.scope.policies;
    const required: string[] = [];
    for (const kind of ['terms', 'privacy'] as PolicyKindValue[]) {
      const current = await policies.current(kind);
      if (!current || !keys.has(current.id)) {
        throw new BadUserInputError(
          `Accept the current ${kind === 'terms' ? 'Terms of Use' : 'Privacy Policy'} to register.`,
          field,
        );
      }
      required.push(current.id);
    }
    return required;
  }

  private alreadyRegisteredMail(member: Member): OutgoingMail {
    return {
      to: member.email,
      template: 'already-registered',
      values: { displayName: member.displayName, resetLink: resetStartLink(this.app.config.publicUrl) },
    };
  }

  /** Confirms a new member's address, or applies a change of address once the new one is confirmed. */
  async verifyEmail(token: string): Promise<void> {
    await this.scope.em.transactional(async (em) => {
      const used = await consumeToken(em, token, ['verify-email', 'change-email']);
      const member = used.member;
      if (used.purpose === 'change-email') {
        const taken = await em.count(Member, { email: used.email, id: { $ne: member.id } });
        if (taken) throw new BadUserInputError('This address now belongs to another account.', 'token');
        member.email = used.email;
        await endAccountTokens(em, member.id);
      } else if (used.email !== member.email) {
        // A verification sent to an address the member has since moved away from proves nothing.
        throw new BadUserInputError('This link is for an address the account no longer uses.', 'token');
      }
      member.emailVerifiedAt = new Date();
      await em.flush();
    });
  }

  /**
   * The same answer whatever the address, in the same time: a mail only where it is registered and
   * not yet verified, written after the response (see AccountService.requestPasswordReset).
   */
  async resendVerification(rawEmail: string): Promise<void> {
    const email = normaliseEmail(rawEmail, 'email');
    await this.app.throttle.attempt('resend', { account: email, client: this.scope.client });
    this.app.background.run('verification mail', async () => {
      const mail = await this.scope.em.fork().transactional(async (em) => {
        const member = await em.findOne(Member, { email });
        if (!member || member.emailVerifiedAt) return null;
        const token = await issueToken(em, { member, purpose: 'verify-email', email });
        return {
          to: email,
          template: 'verify-email' as const,
          values: { displayName: member.displayName, link: pageLink(this.app.config.publicUrl, 'verify-email', token) },
        };
      });
      if (mail) this.app.mailer.sendLater(mail);
    });
  }
}
