import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import type { AppServices } from '../app-services.ts';
import type { ClientKey } from '../security/client-keys.ts';
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
   * consent ledger names only the pseudonym that was on the member row, now gone.
   */
  async deleteAccount(auth: Auth, opts: { password: string; client: ClientKey }): Promise<void> {
    await new AccountService(this.em, this.app).checkPassword(auth.member, opts.password, opts.client);
    await this.em.transactional(async (em) => {
      await em.nativeDelete(Member, { id: auth.member.id });
    });
  }
}
