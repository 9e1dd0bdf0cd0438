/**
 * The API's codes for what a partner app may do and what left Mixx, in the member's words. A
 * code the app does not know yet is shown as it is rather than hidden.
 */

const SCOPE_WORDS: Record<string, string> = {
  openid: 'Know that you are a Mixx member, by an id made for this app alone',
  profile: 'See your display name and your plan',
  email: 'See your e-mail address and whether it is confirmed',
  'downloads:read': 'See your downloads and how many you have left today',
  'downloads:write': 'Download music for you (counted in your daily downloads)',
  offline_access: 'Keep this access while you are not using the app, until you take it back',
};

export const scopeWords = (scope: string) => SCOPE_WORDS[scope] ?? scope;

/** Schema coordinates (Type.field) a partner received, by what they say about the member. */
const FIELD_WORDS: Record<string, string> = {
  'Member.id': 'the id made for this app',
  'Member.displayName': 'your display name',
  'Member.email': 'your e-mail address',
  'Member.emailVerified': 'whether your e-mail address is confirmed',
  'Member.plan': 'your plan',
  'Member.createdAt': 'when you joined',
  'Member.downloads': 'your downloads',
  'Download.id': 'your downloads',
  'Download.track': 'which tracks you downloaded',
  'Download.requestedAt': 'when you downloaded them',
  'Member.downloadQuota': 'how many downloads you have left',
};

/** What staff record as disclosed under a legal obligation (the CMS's categories). */
const CATEGORY_WORDS: Record<string, string> = {
  identity: 'your identity (e-mail address and display name)',
  account: 'your account (plan, sign-up date, sessions)',
  downloads: 'your downloads',
  consents: 'your consent history',
  partners: 'the partner apps you allowed and what they received',
  billing: 'your billing status (never card or bank details: Mixx holds none)',
};

const fieldWords = (field: string) =>
  FIELD_WORDS[field] ?? (field.startsWith('DownloadQuota.') ? 'how many downloads you have left' : field);

/** The distinct things a disclosure names, in order of first mention. */
export function disclosedWords(kind: 'PARTNER_ACCESS' | 'LEGAL_OBLIGATION', fields: readonly string[]): string[] {
  const words = fields.map((f) => (kind === 'LEGAL_OBLIGATION' ? (CATEGORY_WORDS[f] ?? f) : fieldWords(f)));
  return [...new Set(words)];
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
