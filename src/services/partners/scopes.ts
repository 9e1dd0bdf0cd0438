/**
 * The OAuth scopes a partner may ask for, what each lets it read or do, and the words the consent
 * screen uses for it. `openid` is the sign-in itself and cannot be unticked.
 */
export const SCOPES = ['openid', 'profile', 'email', 'downloads:read', 'downloads:write', 'offline_access'] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_WORDS: Record<Scope, string> = {
  openid: 'Know that you are a Mixx member, by an id made for this app alone',
  profile: 'See your display name and your plan',
  email: 'See your e-mail address and whether it is verified',
  'downloads:read': 'See your downloads and how many you have left today',
  'downloads:write': 'Download music for you (counted in your quota)',
  offline_access: 'Keep this access while you are not using the app, until you take it back',
};

/** OpenID Connect claims released under each scope (userinfo and ID tokens). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name'],
  email: ['email', 'email_verified'],
} as const;

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** Scopes in the order of SCOPES, without duplicates. */
export const sortScopes = (scopes: Iterable<string>): Scope[] => {
  const given = new Set(scopes);
  return SCOPES.filter((scope) => given.has(scope));
};
