import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export type PlanValue = 'free' | 'premium';
export type EmailConsentValue = 'NONE' | 'PENDING' | 'GRANTED' | 'WITHDRAWN';

@Entity({ tableName: 'member' })
export class Member {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  /** Trimmed and lower-cased before it gets here; unique. */
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  /** argon2id, with its parameters in the encoded hash. */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Property({ type: 'timestamptz', nullable: true })
  emailVerifiedAt?: Date | null;

  @Enum({ type: 'string', items: ['free', 'premium'] })
  plan: PlanValue = 'free';

  /** The member's only link to the consent ledger; deleted with the member. */
  @Property({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  pseudonym!: string;

  /** Information e-mails: written in the same transaction as the ledger entry that records the change. */
  @Enum({ type: 'string', items: ['NONE', 'PENDING', 'GRANTED', 'WITHDRAWN'] })
  emailConsent: EmailConsentValue = 'NONE';

  @Property({ type: 'timestamptz', nullable: true })
  emailConsentAt?: Date | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt!: Date;
}
