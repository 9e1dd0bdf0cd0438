import type { CollectionBeforeChangeHook } from 'payload';
import { newClientId } from '../../services/partners/client-credentials.ts';

/** A new partner gets its OAuth client_id from Mixx, never from the form. */
export const assignPartnerClientId: CollectionBeforeChangeHook = ({ data, operation }) => {
  if (operation === 'create') data.clientId = newClientId();
  return data;
};
