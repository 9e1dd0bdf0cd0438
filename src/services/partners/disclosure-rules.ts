/**
 * What counts as a disclosure to a partner app (the contract's *Partner apps*): every field of
 * Member, and of the member's own objects the fields that tie them to the member — not the
 * catalog fields under them (a track's title is no one's personal data).
 */
export const DISCLOSED_FIELDS: Readonly<Record<string, 'all' | readonly string[]>> = {
  Member: 'all',
  Download: ['id', 'track', 'requestedAt'],
  DownloadQuota: 'all',
};

/** OpenID Connect claims, as the schema coordinates they disclose. */
export const CLAIM_FIELDS: Readonly<Record<string, string>> = {
  sub: 'Member.id',
  name: 'Member.displayName',
  email: 'Member.email',
  email_verified: 'Member.emailVerified',
};

/** A disclosure's field set: distinct, sorted (the log groups on it). */
export const fieldSet = (fields: Iterable<string>): string[] => [...new Set(fields)].sort();
