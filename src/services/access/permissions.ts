/**
 * What an actor may be asked to be allowed. Each permission says who may have it: members always
 * (for their own data), partner apps only with the OAuth scope named here, visitors where it says
 * `visitors`, nobody else.
 */
export const PERMISSIONS = {
  /** Member.id and createdAt: partners know the member by their pairwise id (`openid`). */
  'member.identity': { partnerScope: 'openid' },
  /** Member.displayName, Member.plan. */
  'member.profile': { partnerScope: 'profile' },
  /** Member.email, Member.emailVerified. */
  'member.email': { partnerScope: 'email' },
  /** Member.downloads, Member.downloadQuota, a Download by id. */
  'downloads.read': { partnerScope: 'downloads:read' },
  /** requestDownload. */
  'downloads.write': { partnerScope: 'downloads:write' },
  /**
   * Everything else about the account, which only the member's own session may touch: sessions,
   * profile changes, password and address, export and erasure, consent and its history, partner
   * grants, disclosures, billing.
   */
  'account.use': { partnerScope: null },
  /**
   * What anyone may do for themselves but a partner app may never do for a member: register, sign
   * in, reset a password, answer an e-mail link, choose cookies. Open to visitors and members.
   */
  'account.open': { partnerScope: null, visitors: true },
} as const satisfies Record<string, { partnerScope: string | null; visitors?: true }>;

export type Permission = keyof typeof PERMISSIONS;

/** Member-owned objects whose ids the access module checks against the acting member. */
export type OwnedKind = 'session' | 'download' | 'consentEvent' | 'policyAcceptance' | 'partnerGrant' | 'invoice';
