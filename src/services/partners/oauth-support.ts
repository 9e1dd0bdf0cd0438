import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../common/global-id.ts';
import { sessionActor } from '../members/session.service.ts';
import type { Runtime } from '../runtime.ts';
import type { Scope } from '../scope.ts';
import { PartnerGrantService } from './grant.service.ts';
import { postgresAdapter } from './oidc-adapter.ts';

/**
 * What the authorization server (an HTTP application, src/http/oauth-server.ts) needs of the
 * domain, as the system: the account behind an OIDC account id, the member a Mixx session token
 * names, the member's live grants, and its PostgreSQL adapter.
 */
export class OAuthDomain {
  constructor(private readonly runtime: Runtime) {}

  private em(): EntityManager {
    return this.runtime.orm.em.fork();
  }

  grants(): PartnerGrantService {
    return new PartnerGrantService(this.em());
  }

  adapter() {
    return postgresAdapter({
      em: () => this.runtime.orm.em,
      onGrantEnded: (grantId) => this.grants().endedByAuthorizationServer(grantId),
    });
  }

  /** The member a live `mixx_session` token names, or null. */
  async memberIdOfSession(token: string | undefined): Promise<string | null> {
    const actor = await sessionActor(this.em(), { token, client: { current: 'oauth', previous: 'oauth' } });
    return actor?.member.id ?? null;
  }

  /** The OIDC account of a member id: its claims, which oidc-provider cuts to the granted scopes. */
  async account(accountId: string) {
    if (!isUuid(accountId)) return undefined;
    const rows: { email: string; display_name: string; email_verified_at: Date | null }[] = await this.em()
      .getConnection()
      .execute('SELECT email, display_name, email_verified_at FROM member WHERE id = ?', [accountId]);
    const member = rows[0];
    if (!member) return undefined;
    return {
      accountId,
      // oidc-provider keeps only the claims of granted scopes, and replaces `sub` by the pairwise one.
      claims: async () => ({
        sub: accountId,
        name: member.display_name,
        email: member.email,
        email_verified: Boolean(member.email_verified_at),
      }),
    };
  }
}

/** The interaction pages' side: the member's name on the consent screen, and recording Allow. */
export class OAuthInteractionService {
  constructor(private readonly scope: Scope) {}

  /** The member signed in with the page's own session cookie, if any. */
  signedInMemberId(): string | null {
    return this.scope.actor.kind === 'member' ? this.scope.actor.member.id : null;
  }

  async memberName(accountId: string): Promise<string | null> {
    if (!isUuid(accountId)) return null;
    const rows: { display_name: string }[] = await this.scope.em
      .getConnection()
      .execute('SELECT display_name FROM member WHERE id = ?', [accountId]);
    return rows[0]?.display_name ?? null;
  }

  /**
   * The member of the OAuth interaction (who signed in on its page) pressed Allow: their grant now
   * holds these scopes, a PARTNER_GRANTED ledger entry of source `oauth`.
   */
  granted(opts: { memberId: string; clientId: string; oidcGrantId: string; scopes: string[] }): Promise<void> {
    return new PartnerGrantService(this.scope.em).granted(opts);
  }
}
