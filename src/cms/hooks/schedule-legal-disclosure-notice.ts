import type { CollectionAfterChangeHook } from 'payload';
import { scheduleNotice } from '../../services/partners/legal-disclosure-link.ts';
import { payloadTransactionQuery } from '../transaction-query.ts';

/** In the save's transaction: the member side of the record (who is told, from when). */
export const scheduleLegalDisclosureNotice: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  const memberId = req.context.legalDisclosureMemberId;
  if (operation !== 'create' || typeof memberId !== 'string') return doc;
  await scheduleNotice(await payloadTransactionQuery(req), {
    disclosureId: doc.id,
    memberId,
    notifyAfter: doc.notifyMemberAfter ? new Date(doc.notifyMemberAfter) : null,
  });
  return doc;
};
