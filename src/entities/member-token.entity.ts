import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from './member.entity.ts';

export type TokenPurpose = 'verify-email' | 'reset-password' | 'change-email' | 'confirm-email-consent';

/** A single-use e-mail token, stored only as a hash; `email` is the address it was sent to. */
@Entity({ tableName: 'member_token' })
export class MemberToken {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Member;

  @Enum({ type: 'string', items: ['verify-email', 'reset-password', 'change-email', 'confirm-email-consent'] })
  purpose!: TokenPurpose;

  @Property({ type: 'text', hidden: true })
  tokenHash!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt?: Date | null;
}
