import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ConsentEvent } from './consent-event.entity.ts';
import { Member } from './member.entity.ts';
import { PolicyVersion } from './policy-version.entity.ts';

/** A member's acceptance of one policy version, once; its proof is the ledger entry it points to. */
@Entity({ tableName: 'policy_acceptance' })
@Unique({ properties: ['member', 'policyVersion'] })
export class PolicyAcceptance {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Member;

  @ManyToOne(() => PolicyVersion, { fieldName: 'policy_version_id' })
  policyVersion!: PolicyVersion;

  @ManyToOne(() => ConsentEvent, { fieldName: 'consent_event_id' })
  consentEvent!: ConsentEvent;

  @Property({ type: 'timestamptz' })
  acceptedAt!: Date;
}
