import type { CollectionAfterChangeHook } from 'payload';
import { snapshotPublishedPolicies } from '../../services/policies/policy-snapshot.ts';
import { payloadTransactionQuery } from '../transaction-query.ts';

/**
 * After a publish, copies the new published version row into public.policy_version inside the same
 * transaction as Payload's write: both commit, or neither. Draft saves write no snapshot.
 */
export const snapshotOnPublish: CollectionAfterChangeHook = async ({ doc, req }) => {
  if (doc?._status !== 'published') return doc;
  await snapshotPublishedPolicies(await payloadTransactionQuery(req));
  return doc;
};
