import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConsentSource } from '../../entities/consent-event.entity.ts';
import { type EmailConsentValue, Member } from '../../entities/member.entity.ts';
import { EmailNotVerifiedError, InvalidTokenError, RateLimitedError } from '../../errors/errors.ts';
import type { OutgoingMail } from '../mail/mailer.ts';
import { consumeToken, issueToken } from '../members/email-tokens.ts';
import { pageLink } from '../members/links.ts';
import { lockMember } from '../members/member.queries.ts';
import type { Scope } from '../scope.ts';
import { hashToken, isWellFormedToken } from '../security/tokens.ts';
import { recordConsent } from './ledger.ts';

export type EmailConsentState = { status: EmailConsentValue; updatedAt: Date | null };

/**
 * Information e-mails, by double opt-in: granting sets PENDING and mails a confirmation link;
 * only the link's confirmation grants. Withdrawing is immediate, from settings or with one click.
 * Every change is a ledger entry written in the same transaction as the state.
 */
export class EmailConsentService {
  constructor(private readonly scope: Scope) {}

  private get runtime() {
    return this.scope.runtime;
  }

  /** The member's current choice. */
  async current(): Promise<EmailConsentState> {
    const { member } = await this.scope.require('account.use');
    return this.state(member);
  }

  /**
   * Granting needs a verified address (else the confirmation would mail whoever's address a
   * stranger registered) and sends at most one confirmation per cooldown: asking again while
   * PENDING resends the link once the cooldown is over and writes nothing to the ledger, as any
   * choice equal to the current one.
   */
  async set(granted: boolean): Promise<EmailConsentState> {
    const { member } = await this.scope.require('account.use');
    const client = this.scope.client;
    if (granted && !member.emailVerifiedAt) throw new EmailNotVerifiedError('Confirm your e-mail address first.');
    const mail = await this.scope.em.transactional(async (em) => {
      await lockMember(em, member.id);
      const m = await em.findOneOrFail(Member, { id: member.id }, { refresh: true });
      if (!granted) {
        await this.withdraw(em, m, 'settings');
        return null;
      }
      if (m.emailConsent === 'GRANTED') return null;
      if (m.emailConsent !== 'PENDING') {
        await this.runtime.throttle.attempt('consent-mail', { account: m.id, client });
        return this.request(em, m, 'settings');
      }
      // Asked again while PENDING: the link again, unless one went out within the cooldown.
      const resend = await this.runtime.throttle.attempt('consent-mail', { account: m.id, client }).then(
        () => true,
        (error) => {
          if (error instanceof RateLimitedError) return false;
          throw error;
        },
      );
      return resend ? this.confirmationMail(em, m) : null;
    });
    if (mail) this.runtime.mailer.sendLater(mail);
    return this.state(await this.scope.em.fork().findOneOrFail(Member, { id: member.id }));
  }

  /**
   * PENDING, a ledger entry, and the confirmation mail to send once the caller's transaction
   * commits; for registration, which runs it in its own transaction for the new member.
   */
  async request(em: EntityManager, member: Member, source: ConsentSource): Promise<OutgoingMail> {
    member.emailConsent = 'PENDING';
    member.emailConsentAt = new Date();
    await em.flush();
    await recordConsent(em, { member, kind: 'EMAIL_REQUESTED', source });
    return this.confirmationMail(em, member);
  }

  private async confirmationMail(em: EntityManager, member: Member): Promise<OutgoingMail> {
    const token = await issueToken(em, { member, purpose: 'confirm-email-consent', email: member.email });
    return {
      to: member.email,
      template: 'confirm-email-consent',
      values: { displayName: member.displayName, link: pageLink(this.runtime.config.publicUrl, 'confirm-email-consent', token) },
    };
  }

  /** From the confirmation link; needs no session. A request withdrawn meanwhile cannot be confirmed. */
  async confirm(token: string): Promise<EmailConsentState> {
    return this.scope.em.transactional(async (em) => {
      const { member, email } = await consumeToken(em, token, ['confirm-email-consent']);
      if (member.emailConsent !== 'PENDING' || email !== member.email) throw new InvalidTokenError();
      member.emailConsent = 'GRANTED';
      member.emailConsentAt = new Date();
      await em.flush();
      await recordConsent(em, { member, kind: 'EMAIL_CONFIRMED', source: 'email-link' });
      return this.state(member);
    });
  }

  /**
   * The personal link of an information e-mail: INVALID_TOKEN only when the token is unknown;
   * unsubscribing twice is fine and records nothing more.
   */
  async unsubscribe(token: string, source: 'email-link' | 'one-click'): Promise<void> {
    if (!isWellFormedToken(token)) throw new InvalidTokenError();
    await this.scope.em.transactional(async (em) => {
      const rows: { member_id: string }[] = await em
        .getConnection()
        .execute(
          'SELECT member_id FROM announcement_delivery WHERE unsubscribe_token_hash = ?',
          [hashToken(token)],
          'all',
          em.getTransactionContext(),
        );
      if (!rows[0]) throw new InvalidTokenError();
      await lockMember(em, rows[0].member_id);
      const member = await em.findOneOrFail(Member, { id: rows[0].member_id }, { refresh: true });
      await this.withdraw(em, member, source);
    });
  }

  private async withdraw(em: EntityManager, member: Member, source: ConsentSource): Promise<void> {
    if (member.emailConsent === 'NONE' || member.emailConsent === 'WITHDRAWN') return;
    member.emailConsent = 'WITHDRAWN';
    member.emailConsentAt = new Date();
    await em.flush();
    await recordConsent(em, { member, kind: 'EMAIL_WITHDRAWN', source });
  }

  private state(member: Member): EmailConsentState {
    return { status: member.emailConsent, updatedAt: member.emailConsentAt ?? null };
  }
}
