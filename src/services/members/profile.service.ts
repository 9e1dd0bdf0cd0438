import { Member } from '../../entities/member.entity.ts';
import type { Scope } from '../scope.ts';
import { lockAndListAddresses } from './member.queries.ts';
import { checkDisplayName } from './member-input.ts';

/** The member's own data: changing it and erasing it. */
export class ProfileService {
  constructor(private readonly scope: Scope) {}

  /** Only the fields named here can change; the input object is never assigned onto the member. */
  async update(input: { displayName?: string | null }): Promise<Member> {
    const { member } = await this.scope.require('account.use');
    if (input.displayName != null) member.displayName = checkDisplayName(input.displayName, 'input.displayName');
    await this.scope.em.flush();
    return member;
  }

  /**
   * Erases the member: the row goes, and with it (by cascade) sessions, devices, e-mail tokens,
   * acceptances and every other row that names the member. What must stay keeps no link to the
   * person: the consent ledger names only the pseudonym that was on the member row, now gone.
   * After the commit, the development outbox loses every mail to the member's address and to the
   * addresses their tokens were sent to (a pending new one, an earlier one still on a token).
   */
  async deleteAccount(opts: { password: string }): Promise<void> {
    const actor = await this.scope.require('account.use');
    await this.scope.accounts.checkPassword(actor, opts.password);
    // The provider would go on billing an erased member: its subscriptions end there first.
    await this.scope.billing.cancelBeforeErasure();
    const addresses = await this.scope.em.transactional(async (em) => {
      // The lock makes a token being issued right now wait for the erasure (and then fail on the
      // foreign key) instead of slipping its address past the list.
      const sentTo = await lockAndListAddresses(em, actor.member.id);
      await em.nativeDelete(Member, { id: actor.member.id });
      return sentTo;
    });
    await this.scope.runtime.mailer.erase(addresses);
  }
}
