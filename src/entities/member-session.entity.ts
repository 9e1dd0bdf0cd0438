import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from './member.entity.ts';

/** A signed-in session: the token only as a hash, and never the client's address. */
@Entity({ tableName: 'member_session' })
export class MemberSession {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Member;

  @Property({ type: 'text', hidden: true })
  tokenHash!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  lastUsedAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;
}
