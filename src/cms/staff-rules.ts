import { type StaffRole, staffRoles } from './access/roles.ts';

/** Staff password policy (NIST SP 800-63B style: length, no composition rules). */
export const staffPasswordLength = { min: 12, max: 128 } as const;

/** Why a password is refused, or null when it is acceptable. */
export function staffPasswordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'A password is required.';
  const length = [...password].length;
  if (length < staffPasswordLength.min) return `The password must have at least ${staffPasswordLength.min} characters.`;
  if (length > staffPasswordLength.max) return `The password must have at most ${staffPasswordLength.max} characters.`;
  return null;
}

/** Deliberately loose: one @, something on each side, a dot in the domain, no spaces. */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

export function isStaffRole(role: unknown): role is StaffRole {
  return typeof role === 'string' && (staffRoles as readonly string[]).includes(role);
}
