import type { ClientUser } from 'payload';

/** For `admin.hidden`: the collection is left out of the admin's navigation for all but admins. */
export const isNotAdminView = ({ user }: { user: ClientUser }): boolean => (user as { role?: string } | null)?.role !== 'admin';
