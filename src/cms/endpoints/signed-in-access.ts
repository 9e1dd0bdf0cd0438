import { accessOperation, type Endpoint, headersWithCors } from 'payload';

/**
 * Shadows Payload's `GET /api/access`, which described the CMS's collections and fields to anyone.
 * The admin calls it only once signed in.
 */
export const signedInAccess: Endpoint = {
  path: '/access',
  method: 'get',
  handler: async (req) => {
    const headers = headersWithCors({ headers: new Headers(), req });
    if (!req.user) return Response.json({ errors: [{ message: 'Sign in first.' }] }, { status: 403, headers });
    return Response.json(await accessOperation({ req }), { status: 200, headers });
  },
};
