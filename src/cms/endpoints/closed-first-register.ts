import type { Endpoint } from 'payload';

/**
 * Shadows Payload's built-in `POST /api/staff/first-register` (custom endpoints are matched before
 * the defaults). Defence in depth beside refuseAnonymousStaffCreation.
 */
export const closedFirstRegister: Endpoint = {
  path: '/first-register',
  method: 'post',
  handler: () =>
    Response.json(
      { errors: [{ message: 'Staff accounts are created by an administrator or with `npm run staff:create`.' }] },
      { status: 403 },
    ),
};
