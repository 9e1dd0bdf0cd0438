import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export type PolicyKindValue = 'terms' | 'privacy';

/**
 * One published version of a policy: an immutable snapshot owned by the API (the database refuses
 * UPDATE, DELETE and TRUNCATE). Payload's own versions table is the editing history; this is what
 * members accept.
 */
@Entity({ tableName: 'policy_version', readonly: true })
@Unique({ properties: ['kind', 'version'] })
export class PolicyVersion {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Enum({ type: 'string', items: ['terms', 'privacy'] })
  kind!: PolicyKindValue;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  bodyHtml!: string;

  @Property({ type: 'text' })
  bodyText!: string;

  @Property({ type: 'text' })
  contentHash!: string;

  @Property({ type: 'text', nullable: true })
  changeSummary?: string | null;

  @Property({ type: 'boolean' })
  requiresReacceptance!: boolean;

  @Property({ type: 'timestamptz' })
  effectiveAt!: Date;

  @Property({ type: 'timestamptz' })
  publishedAt!: Date;

  @Property({ type: 'text' })
  publishedBy!: string;

  @Property({ type: 'text', nullable: true, unique: true })
  cmsVersionId?: string | null;
}
