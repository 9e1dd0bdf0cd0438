import type { Member } from '../../entities/member.entity.ts';
import { PolicyAcceptance } from '../../entities/policy-acceptance.entity.ts';
import { type PolicyKindValue, PolicyVersion } from '../../entities/policy-version.entity.ts';
import { BadUserInputError, PolicyAcceptanceRequiredError } from '../../errors/errors.ts';
import { keyOf, toGlobalId } from '../common/global-id.ts';
import type { Scope } from '../scope.ts';
import { recordAcceptances } from './ledger.ts';

const KINDS: PolicyKindValue[] = ['terms', 'privacy'];

/**
 * What members must accept. For each kind, the version in force is pending when the member never
 * accepted a version of that kind, or when a version published after the one they last accepted,
 * up to the one in force, asks for re-acceptance. A typo fix asks nothing of anyone; a material
 * change asks everyone from its effectiveAt on; a scheduled version accepted ahead asks nothing.
 */
export class PolicyConsentService {
  constructor(private readonly scope: Scope) {}

  /** The versions in force the member still has to accept. */
  async pending(now = new Date()): Promise<PolicyVersion[]> {
    return this.pendingFor((await this.scope.require('account.use')).member, now);
  }

  /** The member's acceptances, newest first. */
  async acceptances(): Promise<PolicyAcceptance[]> {
    const { member } = await this.scope.require('account.use');
    return this.scope.em.find(
      PolicyAcceptance,
      { member: member.id },
      { populate: ['policyVersion'], orderBy: { acceptedAt: 'desc' } },
    );
  }

  /** One of the member's acceptances; null for any other id. */
  async acceptance(id: string): Promise<PolicyAcceptance | null> {
    await this.scope.require('account.use', { kind: 'policyAcceptance', ids: [id] });
    return this.scope.em.findOne(PolicyAcceptance, { id }, { populate: ['policyVersion'] });
  }

  /** For a member an access check already let through (the download gate). */
  async pendingFor(member: Member, now = new Date()): Promise<PolicyVersion[]> {
    const rows: { id: string }[] = await this.scope.em.getConnection().execute(
      `WITH in_force AS (
         SELECT DISTINCT ON (kind) id, kind, version FROM policy_version
          WHERE effective_at <= ? ORDER BY kind, version DESC),
       last_accepted AS (
         SELECT v.kind, max(v.version) AS version FROM policy_acceptance a
           JOIN policy_version v ON v.id = a.policy_version_id
          WHERE a.member_id = ? GROUP BY v.kind)
       SELECT f.id FROM in_force f LEFT JOIN last_accepted l ON l.kind = f.kind
        WHERE l.version IS NULL
           OR EXISTS (SELECT 1 FROM policy_version w
                       WHERE w.kind = f.kind AND w.version > l.version AND w.version <= f.version AND w.requires_reacceptance)
        ORDER BY f.kind DESC`,
      [now, member.id],
    );
    if (rows.length === 0) return [];
    const versions = await this.scope.em.find(PolicyVersion, { id: { $in: rows.map((r) => r.id) } });
    return KINDS.flatMap((kind) => versions.filter((v) => v.kind === kind));
  }

  /** The gate of downloads: POLICY_ACCEPTANCE_REQUIRED with the pending ids while anything is pending. */
  async assertNothingPending(member: Member): Promise<void> {
    const pending = await this.pendingFor(member);
    if (pending.length) throw new PolicyAcceptanceRequiredError(pending.map((v) => toGlobalId('PolicyVersion', v.id)));
  }

  /**
   * Accepts versions in force now or published for a later date; anything else is BAD_USER_INPUT.
   * Idempotent, also under concurrency: one acceptance and one ledger entry per version.
   */
  async accept(versionIds: string[]): Promise<PolicyAcceptance[]> {
    const { member } = await this.scope.require('account.use');
    const field = 'versionIds';
    if (versionIds.length === 0 || versionIds.length > 10) throw new BadUserInputError('Name 1 to 10 policy versions.', field);
    const keys = [...new Set(versionIds.map((id) => keyOf(id, 'PolicyVersion', field)))];
    if (keys.some((k) => k === null)) throw new BadUserInputError('Only policy versions can be accepted.', field);
    const acceptable = await this.acceptableIds();
    if (keys.some((k) => !acceptable.has(k as string))) {
      throw new BadUserInputError('Only the versions in force or scheduled for later can be accepted.', field);
    }
    await this.scope.em.transactional((em) => recordAcceptances(em, { member, versionIds: keys as string[], source: 'prompt' }));
    return this.scope.em.find(
      PolicyAcceptance,
      { member: member.id, policyVersion: { $in: keys as string[] } },
      { populate: ['policyVersion'], orderBy: { acceptedAt: 'desc' } },
    );
  }

  /** The version in force of each kind, and every version scheduled after it. */
  private async acceptableIds(): Promise<Set<string>> {
    const rows: { id: string }[] = await this.scope.em.getConnection().execute(
      `SELECT v.id FROM policy_version v
        WHERE v.effective_at > now()
           OR v.version = (SELECT max(c.version) FROM policy_version c WHERE c.kind = v.kind AND c.effective_at <= now())`,
    );
    return new Set(rows.map((r) => r.id));
  }
}
