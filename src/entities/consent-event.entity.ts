import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { PolicyVersion } from './policy-version.entity.ts';

export type ConsentEventKindValue =
  | 'POLICY_ACCEPTED'
  | 'EMAIL_REQUESTED'
  | 'EMAIL_CONFIRMED'
  | 'EMAIL_WITHDRAWN'
  | 'COOKIES_SET'
  | 'PARTNER_GRANTED'
  | 'PARTNER_REVOKED';

export type ConsentSource = 'registration' | 'settings' | 'prompt' | 'email-link' | 'one-click' | 'oauth' | 'system';

/**
 * One entry of the append-only consent ledger (the database refuses UPDATE, DELETE, TRUNCATE).
 * `subject` is the member's pseudonym, never the member id; nothing identifies a device or network.
 */
@Entity({ tableName: 'consent_event', readonly: true })
export class ConsentEvent {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'uuid' })
  subject!: string;

  @Enum({
    type: 'string',
    items: [
      'POLICY_ACCEPTED',
      'EMAIL_REQUESTED',
      'EMAIL_CONFIRMED',
      'EMAIL_WITHDRAWN',
      'COOKIES_SET',
      'PARTNER_GRANTED',
      'PARTNER_REVOKED',
    ],
  })
  kind!: ConsentEventKindValue;

  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  at!: Date;

  @ManyToOne(() => PolicyVersion, { nullable: true, fieldName: 'policy_version_id' })
  policyVersion?: PolicyVersion | null;

  @Property({ type: 'text', nullable: true })
  contentHash?: string | null;

  @Enum({ type: 'string', items: ['registration', 'settings', 'prompt', 'email-link', 'one-click', 'oauth', 'system'] })
  source!: ConsentSource;

  @Property({ type: 'json' })
  detail: Record<string, unknown> = {};

  /** The partner app's OAuth client_id, for PARTNER_GRANTED and PARTNER_REVOKED. */
  @Property({ type: 'text', nullable: true })
  partnerClientId?: string | null;

  /**
   * Gapless 0-based position in the ledger's Merkle tree (src/services/ledger); null from the
   * append until the ledger builder indexes the entry, just after its transaction commits.
   */
  @Property({ type: 'integer', nullable: true })
  ledgerIndex?: number | null;
}
