import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import type { AppServices } from '../app-services.ts';
import { AccountService } from './account.service.ts';
import { checkDisplayName } from './member-input.ts';
import type { Auth } from './session.service.ts';

/** The member's own data: changing it, taking it away (export) and erasing it. */
export class ProfileService {
  constructor(
    private readonly em: EntityManager,
    private readonly app: AppServices,
  ) {}

  /** Only the fields named here can change; the input object is never assigned onto the member. */
  async update(member: Member, input: { displayName?: string | null }): Promise<Member> {
    if (input.displayName != null) member.displayName = checkDisplayName(input.displayName, 'input.displayName');
    await this.em.flush();
    return member;
  }

  /**
   * Erases the member: the row goes, and with it (by cascade) sessions, e-mail tokens, acceptances
   * and every other row that names the member. What must stay keeps no link to the person: the
   * consent ledger names only the pseudonym that was on the member row, now gone. After the
   * commit, the development outbox loses every mail to the member's address and to the addresses
   * their tokens were sent to (a pending new one, an earlier one still on a token).
   */
  async deleteAccount(auth: Auth, opts: { password: string; client: string }): Promise<void> {
    await new AccountService(this.em, this.app).checkPassword(auth.member, opts.password, opts.client);
    const addresses = await this.em.transactional(async (em) => {
      const sql = (query: string): Promise<{ email: string }[]> =>
        em.getConnection().execute(query, [auth.member.id], 'all', em.getTransactionContext());
      // The lock makes a token being issued right now wait for the erasure (and then fail on the
      // foreign key) instead of slipping its address past the list.
      const own = await sql('SELECT email FROM member WHERE id = ? FOR UPDATE');
      const sentTo = await sql('SELECT DISTINCT email FROM member_token WHERE member_id = ?');
      await em.nativeDelete(Member, { id: auth.member.id });
      return [...own, ...sentTo].map((r) => r.email);
    });
    await this.app.mailer.erase(addresses);
  }
}
