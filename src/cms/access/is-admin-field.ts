import type { FieldAccess } from 'payload';
import { isAdminRequest } from './roles.ts';

/** Field-level twin of isAdmin: only an admin may set or change the guarded field. */
export const isAdminField: FieldAccess = ({ req }) => isAdminRequest(req);
