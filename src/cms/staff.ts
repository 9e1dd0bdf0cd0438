import { type Payload, ValidationError } from 'payload';
import type { StaffRole } from './access/roles.ts';
import { isPlausibleEmail, isStaffRole, staffPasswordProblem } from './staff-rules.ts';

/** A staff account could not be created; the message is safe to show to the operator. */
export class StaffInputError extends Error {
  override name = 'StaffInputError';
  constructor(
    message: string,
    readonly reason: 'invalid' | 'taken' = 'invalid',
  ) {
    super(message);
  }
}

export type NewStaff = { email: string; password: string; role: StaffRole };

/**
 * Creates a staff account from server code (start-up, `staff:create`). Throws StaffInputError when
 * the input is invalid or the address is taken.
 */
export async function createStaff(payload: Payload, input: NewStaff): Promise<{ id: number | string; email: string }> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  if (!isPlausibleEmail(email)) throw new StaffInputError(`Not an e-mail address: "${String(input.email)}".`);
  const problem = staffPasswordProblem(input.password);
  if (problem) throw new StaffInputError(problem);
  if (!isStaffRole(input.role)) throw new StaffInputError(`Unknown role "${String(input.role)}": use admin or editor.`);

  const taken = await payload.count({ collection: 'staff', where: { email: { equals: email } }, overrideAccess: true });
  if (taken.totalDocs > 0) throw new StaffInputError(`A staff account with the address ${email} already exists.`, 'taken');
  try {
    const doc = await payload.create({
      collection: 'staff',
      data: { email, password: input.password, role: input.role },
      overrideAccess: true,
    });
    return { id: doc.id, email };
  } catch (error) {
    // Lost a race against another creator of the same address: the unique index answered.
    if (error instanceof ValidationError && error.data.errors.some((e) => e.path === 'email')) {
      throw new StaffInputError(`A staff account with the address ${email} already exists.`, 'taken');
    }
    throw error;
  }
}

/**
 * Creates the first admin from MIXX_ADMIN_EMAIL/PASSWORD when no staff exists yet. Returns whether
 * it created one. Safe when several instances start together: the loser sees the address taken.
 */
export async function ensureInitialAdmin(payload: Payload, input: { email: string; password: string }): Promise<boolean> {
  const existing = await payload.count({ collection: 'staff', overrideAccess: true });
  if (existing.totalDocs > 0) return false;
  try {
    await createStaff(payload, { ...input, role: 'admin' });
    return true;
  } catch (error) {
    if (error instanceof StaffInputError && error.reason === 'taken') return false;
    throw error;
  }
}
