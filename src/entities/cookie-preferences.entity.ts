import { Entity, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from './member.entity.ts';

/**
 * Cookie choices of a member, or of an anonymous visitor known only by a random id. Necessary
 * cookies are always on and not stored. A visitor's row is purged 13 months after its last change.
 */
@Entity({ tableName: 'cookie_preferences' })
export class CookiePreferences {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @OneToOne(() => Member, { nullable: true, owner: true, deleteRule: 'cascade', unique: true })
  member?: Member | null;

  @Property({ type: 'uuid', nullable: true, unique: true })
  visitorId?: string | null;

  @Property({ type: 'boolean' })
  preferences!: boolean;

  @Property({ type: 'boolean' })
  analytics!: boolean;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
