import type { EntityManager } from '@mikro-orm/postgresql';
import { accessOrNull, requireAccess } from './access/access.ts';
import { type Actor, clientOf, type ForMemberActor, type MemberActor } from './access/actor.ts';
import type { OwnedKind, Permission } from './access/permissions.ts';
import { BillingService } from './billing/billing.service.ts';
import { BillingEventService } from './billing/billing-events.service.ts';
import { CatalogServices } from './catalog/catalog-services.ts';
import { isUuid } from './common/global-id.ts';
import { CookiePreferencesService } from './consent/cookie-preferences.service.ts';
import { EmailConsentService } from './consent/email-consent.service.ts';
import { ConsentHistoryService } from './consent/history.service.ts';
import { PolicyConsentService } from './consent/policy-consent.service.ts';
import { ChartService } from './downloads/charts.ts';
import { DownloadService } from './downloads/download.service.ts';
import { ConsentProofService } from './ledger/consent-proofs.service.ts';
import { AccountService } from './members/account.service.ts';
import { ExportService } from './members/export.service.ts';
import { ProfileService } from './members/profile.service.ts';
import { RegistrationService } from './members/registration.service.ts';
import { SessionService } from './members/session.service.ts';
import { DisclosureService } from './partners/disclosure-log.ts';
import { MemberGrantsService } from './partners/member-grants.service.ts';
import { PolicyService } from './policies/policy.service.ts';
import type { Runtime } from './runtime.ts';
import type { ClientKey } from './security/client-keys.ts';

/** Commands and jobs act from no client of their own: their throttling counts under this key. */
const SYSTEM_CLIENT: ClientKey = { current: 'system', previous: 'system' };

/**
 * One request's (route's, command's, job's) way into the domain: who acts, one EntityManager, and
 * the services, made on first use and shared for the rest of the request. Resolvers and routes
 * parse, call a service from here and map; they never touch `em` or SQL.
 */
export class Scope {
  readonly em: EntityManager;
  private readonly made = new Map<string, unknown>();

  #actor: Actor;

  constructor(
    readonly runtime: Runtime,
    actor: Actor,
    em?: EntityManager,
  ) {
    this.#actor = actor;
    this.em = em ?? runtime.orm.em.fork();
  }

  get actor(): Actor {
    return this.#actor;
  }

  /**
   * After a sign-in, the rest of the request acts as the member who just proved who they are (the
   * `login` answer's member fields are theirs to read). Only a sign-in calls this.
   */
  signedIn(actor: MemberActor): void {
    this.#actor = actor;
  }

  /** The client's throttling keys (keyed hashes of its address). */
  get client(): ClientKey {
    return clientOf(this.actor) ?? SYSTEM_CLIENT;
  }

  /** The access check every non-public service method starts with (see access/access.ts). */
  require(permission: Permission, owned?: { kind: OwnedKind; ids: readonly string[] }): Promise<ForMemberActor> {
    return requireAccess({ actor: this.actor, em: this.em, permission, owned });
  }

  /** Whether the actor holds the permission (and owns the ids), without an error either way. */
  async permits(permission: Permission, owned?: { kind: OwnedKind; ids: readonly string[] }): Promise<boolean> {
    return (await accessOrNull({ actor: this.actor, em: this.em, permission, owned })) !== null;
  }

  /**
   * The id this actor knows a member-owned object by: its own UUID for the member, a partner-scoped
   * one for a partner app (partner-ids.ts), so that two partners cannot join on it.
   */
  outwardId(uuid: string): string {
    const { actor } = this;
    return actor.kind === 'partner' ? this.runtime.partnerIds.outward(actor.grant.clientId, uuid) : uuid;
  }

  /** The object's UUID behind an id this actor was given (see outwardId); null when it names none. */
  inwardId(id: string): string | null {
    const { actor } = this;
    if (actor.kind === 'partner') return this.runtime.partnerIds.inward(actor.grant.clientId, id);
    return isUuid(id) ? id : null;
  }

  get accounts() {
    return this.service('accounts', () => new AccountService(this));
  }
  get registration() {
    return this.service('registration', () => new RegistrationService(this));
  }
  get sessions() {
    return this.service('sessions', () => new SessionService(this));
  }
  get profile() {
    return this.service('profile', () => new ProfileService(this));
  }
  get exports() {
    return this.service('exports', () => new ExportService(this));
  }
  get policies() {
    return this.service('policies', () => new PolicyService(this));
  }
  get policyConsent() {
    return this.service('policyConsent', () => new PolicyConsentService(this));
  }
  get emailConsent() {
    return this.service('emailConsent', () => new EmailConsentService(this));
  }
  get cookies() {
    return this.service('cookies', () => new CookiePreferencesService(this));
  }
  get consentHistory() {
    return this.service('consentHistory', () => new ConsentHistoryService(this));
  }
  get downloads() {
    return this.service('downloads', () => new DownloadService(this));
  }
  get charts() {
    return this.service('charts', () => new ChartService(this));
  }
  get partnerGrants() {
    return this.service('partnerGrants', () => new MemberGrantsService(this));
  }
  get disclosures() {
    return this.service('disclosures', () => new DisclosureService(this));
  }
  get consentProofs() {
    return this.service('consentProofs', () => new ConsentProofService(this));
  }
  get billing() {
    return this.service('billing', () => new BillingService(this));
  }
  get billingEvents() {
    return this.service('billingEvents', () => new BillingEventService(this));
  }
  get catalog() {
    return this.service('catalog', () => new CatalogServices(this.em, this.runtime.genres));
  }

  private service<T>(name: string, make: () => T): T {
    let service = this.made.get(name) as T | undefined;
    if (service === undefined) {
      service = make();
      this.made.set(name, service);
    }
    return service;
  }
}
