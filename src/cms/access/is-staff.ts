import type { Access } from 'payload';
import { staffOf } from './roles.ts';

/** Any signed-in staff member, editor or admin. */
export const isStaff: Access = ({ req }) => staffOf(req) !== null;
