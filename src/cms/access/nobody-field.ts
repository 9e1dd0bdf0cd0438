import type { FieldAccess } from 'payload';

/** Field-level twin of nobody: the value is set by hooks only. */
export const nobodyField: FieldAccess = () => false;
