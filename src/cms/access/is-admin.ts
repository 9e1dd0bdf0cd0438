import type { Access } from 'payload';
import { isAdminRequest } from './roles.ts';

export const isAdmin: Access = ({ req }) => isAdminRequest(req);
