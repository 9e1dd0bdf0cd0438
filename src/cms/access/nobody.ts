import type { Access } from 'payload';

/** Refused to everyone acting through access control (the server's own code uses overrideAccess). */
export const nobody: Access = () => false;
