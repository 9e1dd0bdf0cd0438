import type { PayloadRequest } from 'payload';

export type StaffRole = 'admin' | 'editor';
export const staffRoles: readonly StaffRole[] = ['admin', 'editor'];

/** The signed-in staff member of a request, if any (staff is the only auth collection). */
export const staffOf = (req: PayloadRequest) => (req.user?.collection === 'staff' ? req.user : null);

export const isAdminRequest = (req: PayloadRequest): boolean => staffOf(req)?.role === 'admin';
