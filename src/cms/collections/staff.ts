import type { CollectionConfig } from 'payload';
import { adminOrSelf } from '../access/admin-or-self.ts';
import { isAdmin } from '../access/is-admin.ts';
import { isAdminField } from '../access/is-admin-field.ts';
import { closedFirstRegister } from '../endpoints/closed-first-register.ts';
import { checkStaffPassword } from '../hooks/check-staff-password.ts';
import { refuseAnonymousStaffCreation } from '../hooks/refuse-anonymous-staff-creation.ts';

/** People who run Mixx: they edit the policies. A staff member is not a member. */
export const Staff: CollectionConfig = {
  slug: 'staff',
  labels: { singular: 'Staff member', plural: 'Staff' },
  admin: { useAsTitle: 'email', defaultColumns: ['email', 'role', 'updatedAt'] },
  auth: {
    useAPIKey: false,
    cookies: { sameSite: 'Lax', secure: process.env.MIXX_ENV === 'production' },
  },
  access: {
    create: isAdmin,
    read: adminOrSelf,
    update: adminOrSelf,
    delete: isAdmin,
    unlock: isAdmin,
  },
  endpoints: [closedFirstRegister],
  hooks: {
    beforeOperation: [refuseAnonymousStaffCreation],
    beforeValidate: [checkStaffPassword],
  },
  fields: [
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'editor',
      options: [
        { label: 'Admin', value: 'admin' },
        { label: 'Editor', value: 'editor' },
      ],
      access: { create: isAdminField, update: isAdminField },
    },
  ],
};
