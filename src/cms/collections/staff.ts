import type { CollectionConfig } from 'payload';
import { adminOrSelf } from '../access/admin-or-self.ts';
import { isAdmin } from '../access/is-admin.ts';
import { isAdminField } from '../access/is-admin-field.ts';
import { closedFirstRegister } from '../endpoints/closed-first-register.ts';
import { closedStaffEndpoints } from '../endpoints/closed-staff-endpoints.ts';
import { forgotPasswordAfterResponse } from '../endpoints/forgot-password-after-response.ts';
import { checkStaffPassword } from '../hooks/check-staff-password.ts';
import { clearStaffLoginThrottle } from '../hooks/clear-staff-login-throttle.ts';
import { hashStoredResetToken } from '../hooks/hash-reset-token.ts';
import { lookUpResetTokenByHash } from '../hooks/look-up-reset-token-by-hash.ts';
import { refuseAnonymousStaffCreation } from '../hooks/refuse-anonymous-staff-creation.ts';
import { throttleStaffLogin } from '../hooks/throttle-staff-login.ts';

/**
 * People who run Mixx: they edit the policies. A staff member is not a member. `secureCookies`
 * comes from the server's configuration (MIXX_ENV=production), handed over to the CMS config.
 */
export const staffCollection = ({ secureCookies }: { secureCookies: boolean }): CollectionConfig => ({
  slug: 'staff',
  labels: { singular: 'Staff member', plural: 'Staff' },
  admin: { useAsTitle: 'email', defaultColumns: ['email', 'role', 'updatedAt'] },
  auth: {
    useAPIKey: false,
    cookies: { sameSite: 'Lax', secure: secureCookies },
    // No lockout: a stranger could lock any staff member out with five guesses. Guessing is slowed
    // by the members' throttle instead (throttleStaffLogin), which nobody else can use up for them.
    maxLoginAttempts: 0,
    // The session travels in the sealed cookie only (src/http/staff-cookie.ts): a JWT in a response
    // body would hand any same-origin script a token that names the staff member's e-mail.
    removeTokenFromResponses: true,
    forgotPassword: { expiration: 60 * 60 * 1000 },
  },
  access: {
    create: isAdmin,
    read: adminOrSelf,
    update: adminOrSelf,
    delete: isAdmin,
    unlock: isAdmin,
  },
  // Matched before Payload's own endpoints of the same path.
  endpoints: [closedFirstRegister, forgotPasswordAfterResponse, ...closedStaffEndpoints],
  hooks: {
    beforeOperation: [refuseAnonymousStaffCreation, throttleStaffLogin, lookUpResetTokenByHash],
    beforeValidate: [checkStaffPassword],
    beforeChange: [hashStoredResetToken],
    afterLogin: [clearStaffLoginThrottle],
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
});
