import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../common/global-id.ts';
import { sessionActor } from '../members/session.service.ts';
import type { Runtime } from '../runtime.ts';
import type { Scope } from '../scope.ts';
import { recordOidcDisclosure } from './disclosure-log.ts';
import { CLAIM_FIELDS } from './disclosure-rules.ts';
import { PartnerGrantService } from './grant.service.ts';
import { postgresAdapter } from './oidc-adapter.ts';
import { SCOPE_CLAIMS } from './scopes.ts';

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

  /**
   * The OIDC account of a member id: its claims, which oidc-provider cuts to the granted scopes.
   * Asking for them is giving them out: the claims released are recorded in the disclosure log
   * first (under the grant of the token being used), and nothing is released if that fails.
   */
  async account(accountId: string, oidcGrantId: string | undefined) {
    if (!isUuid(accountId)) return undefined;
    const rows: { email: string; display_name: string; email_verified_at: Date | null }[] = await this.em()
      .getConnection()
      .execute('SELECT email, display_name, email_verified_at FROM member WHERE id = ?', [accountId]);
    const member = rows[0];
    if (!member) return undefined;
    return {
      accountId,
      // oidc-provider keeps only the claims of granted scopes, and replaces `sub` by the pairwise one.
      claims: async (use: string, scope: string, _claims: unknown, rejected: string[] = []) => {
        if (!oidcGrantId) throw new Error('claims asked outside a grant');
        await recordOidcDisclosure(
          this.em(),
          oidcGrantId,
          releasedClaims(use, scope, rejected).map((c) => CLAIM_FIELDS[c] ?? c),
        );
        return {
          sub: accountId,
          name: member.display_name,
          email: member.email,
          email_verified: Boolean(member.email_verified_at),
        };
      },
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

/**
 * The claims oidc-provider will release: for userinfo, those of the granted scopes less any the
 * member rejected; in an ID token only `sub`, since with userinfo on and `conformIdTokenClaims`
 * (the default) scope-requested claims go to userinfo alone.
 */
export function releasedClaims(use: string, scope: string, rejected: string[]): string[] {
  if (use !== 'userinfo') return ['sub'];
  const released = scope
    .split(' ')
    .flatMap((s) => (SCOPE_CLAIMS as Record<string, readonly string[]>)[s] ?? [])
    .filter((claim) => !rejected.includes(claim));
  return [...new Set(['sub', ...released])];
}
