import type { Access } from 'payload';
import { staffOf } from './roles.ts';

/** Admins reach every staff account; other staff only their own. */
export const adminOrSelf: Access = ({ req }) => {
  const staff = staffOf(req);
  if (!staff) return false;
  if (staff.role === 'admin') return true;
  return { id: { equals: staff.id } };
};
