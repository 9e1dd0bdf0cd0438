import type { Scope } from '../scope.ts';
import { type PartnerGrantRow, PartnerGrantService } from './grant.service.ts';
import { findPartnerByClientId, findPartnersByClientIds, type PartnerRecord } from './partner-directory.ts';

/** The member's grants to partner apps, as the member sees and ends them (never a partner itself). */
export class MemberGrantsService {
  private readonly grants: PartnerGrantService;

  constructor(private readonly scope: Scope) {
    this.grants = new PartnerGrantService(scope.em);
  }

  /** The live grants, newest first, each with its partner. */
  async list(): Promise<{ grant: PartnerGrantRow; partner: PartnerRecord | undefined }[]> {
    const { member } = await this.scope.require('account.use');
    const grants = await this.grants.listFor(member.id);
    const partners = await findPartnersByClientIds(this.scope.em, [...new Set(grants.map((g) => g.clientId))]);
    return grants.map((grant) => ({ grant, partner: partners.get(grant.clientId) }));
  }

  /** One live grant of the member; null for any other id. */
  async byId(id: string): Promise<{ grant: PartnerGrantRow; partner: PartnerRecord | undefined } | null> {
    const { member } = await this.scope.require('account.use', { kind: 'partnerGrant', ids: [id] });
    const grant = await this.grants.liveById(member.id, id);
    return grant && { grant, partner: (await findPartnerByClientId(this.scope.em, grant.clientId)) ?? undefined };
  }

  /** Ends the grant and every code and token of it at once (a ledger entry of source `settings`). */
  async revoke(id: string): Promise<void> {
    const { member } = await this.scope.require('account.use', { kind: 'partnerGrant', ids: [id] });
    await this.grants.revokeByMember(member.id, id);
  }
}

/** A partner app's public face (name, homepage, privacy policy), by client id; null when unknown. */
export function partnerByClientId(scope: Scope, clientId: string): Promise<PartnerRecord | null> {
  return findPartnerByClientId(scope.em, clientId);
}

/** Partner apps' public faces by client id (unknown ids are absent). */
export function partnersByClientIds(scope: Scope, clientIds: string[]): Promise<Map<string, PartnerRecord>> {
  return findPartnersByClientIds(scope.em, clientIds);
}
