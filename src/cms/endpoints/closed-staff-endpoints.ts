import type { Endpoint } from 'payload';

const notFound = () => Response.json({ errors: [{ message: 'Not found.' }] }, { status: 404 });

/**
 * Shadows Payload's `GET /api/staff/init` (tells anyone whether staff exist; the admin never calls
 * it), `POST /api/staff/verify/:id` (staff have no e-mail verification; it answered 500) and
 * `POST /api/staff/unlock` (nothing is ever locked: maxLoginAttempts is 0).
 */
export const closedStaffEndpoints: Endpoint[] = [
  { path: '/init', method: 'get', handler: notFound },
  { path: '/verify/:id', method: 'post', handler: notFound },
  { path: '/unlock', method: 'post', handler: notFound },
];
