import type { Endpoint } from 'payload';
import { hashClientSecret, newClientSecret } from '../../services/partners/client-credentials.ts';
import { isAdminRequest } from '../access/roles.ts';

/**
 * `POST /api/partners/:id/secret` (admins): a new client secret for a confidential partner,
 * returned once in this response and stored only as its hash. The previous secret stops working.
 */
export const partnerSecret: Endpoint = {
  path: '/:id/secret',
  method: 'post',
  handler: async (req) => {
    if (!isAdminRequest(req)) return Response.json({ errors: [{ message: 'Only admins manage partners.' }] }, { status: 403 });
    const id = String(req.routeParams?.id ?? '');
    const found = await req.payload.find({
      collection: 'partners',
      where: { id: { equals: id } },
      limit: 1,
      overrideAccess: true,
      req,
    });
    const partner = found.docs[0] as { id: number; clientType?: string } | undefined;
    if (!partner) return Response.json({ errors: [{ message: 'Not found.' }] }, { status: 404 });
    if (partner.clientType === 'public') {
      return Response.json({ errors: [{ message: 'A public client has no secret.' }] }, { status: 400 });
    }
    const clientSecret = newClientSecret();
    await req.payload.update({
      collection: 'partners',
      id: partner.id,
      data: { clientSecretHash: hashClientSecret(clientSecret) },
      overrideAccess: true,
      req,
    });
    return Response.json({ clientSecret }, { status: 201, headers: { 'cache-control': 'no-store' } });
  },
};
