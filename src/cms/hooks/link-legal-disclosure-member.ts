import { type CollectionBeforeChangeHook, ValidationError } from 'payload';
import { legalDisclosureLink } from '../../services/partners/legal-disclosure-link.ts';
import { payloadTransactionQuery } from '../transaction-query.ts';

/**
 * Finds the member by the address staff typed, keeps only a pseudonymous link in the record, and
 * hands the member's id to the notice hook (in `req.context`, never stored in the CMS).
 */
export const linkLegalDisclosureMember: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') return data;
  const email = typeof data.memberEmail === 'string' ? data.memberEmail.trim().toLowerCase() : '';
  const query = await payloadTransactionQuery(req);
  const { rows } = email ? await query('SELECT id FROM public.member WHERE email = $1', [email]) : { rows: [] };
  const memberId: string | undefined = rows[0]?.id;
  if (!memberId) {
    const message = 'No member has this e-mail address.';
    throw new ValidationError({ collection: 'legal-disclosures', errors: [{ path: 'memberEmail', message }] }, req.t);
  }
  req.context.legalDisclosureMemberId = memberId;
  delete data.memberEmail;
  data.memberLink = legalDisclosureLink(req.payload.secret, memberId);
  return data;
};
