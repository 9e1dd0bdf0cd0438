import type { Endpoint } from 'payload';
import { enqueueAnnouncement } from '../../services/announcements/announcement-queue.ts';
import { staffOf } from '../access/roles.ts';

/**
 * `POST /api/announcements/:id/send` (the admin's Send button): marks the announcement as sending
 * and queues its delivery on the durable queue. Any staff member may send; sending again reaches
 * only consenting members who have not had it yet.
 */
export const sendAnnouncement: Endpoint = {
  path: '/:id/send',
  method: 'post',
  handler: async (req) => {
    const user = staffOf(req);
    if (!user) return Response.json({ errors: [{ message: 'Sign in first.' }] }, { status: 401 });
    const id = String(req.routeParams?.id ?? '');
    const found = await req.payload.find({
      collection: 'announcements',
      where: { id: { equals: id } },
      limit: 1,
      overrideAccess: false,
      user,
      req,
    });
    if (!found.docs[0]) return Response.json({ errors: [{ message: 'Not found.' }] }, { status: 404 });
    await req.payload.update({ collection: 'announcements', id, data: { status: 'sending' }, req });
    if (!(await enqueueAnnouncement(id))) {
      return Response.json({ errors: [{ message: 'The sending queue is not running.' }] }, { status: 503 });
    }
    return Response.json({ status: 'sending' }, { status: 202 });
  },
};
