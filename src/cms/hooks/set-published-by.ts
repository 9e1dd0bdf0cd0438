import type { FieldHook } from 'payload';

/** Who saved this version, set by the server: `staff:<id>`, or `system` for start-up seeding. */
export const setPublishedBy: FieldHook = ({ req }) => (req.user?.collection === 'staff' ? `staff:${req.user.id}` : 'system');
