import type { CollectionAfterChangeHook } from 'payload';

/**
 * After a publish, starts the document's next draft with `requiresReacceptance` off and
 * `effectiveAt` empty, so the next edit does not silently inherit "material change" or an old
 * date. The published version keeps its own values: this writes a new draft version only, in the
 * same transaction. The nested save is a draft, so this hook does not recurse.
 */
export const resetNextDraft: CollectionAfterChangeHook = async ({ doc, req }) => {
  if (doc?._status !== 'published') return doc;
  await req.payload.update({
    collection: 'policies',
    id: doc.id,
    draft: true,
    data: { requiresReacceptance: false, effectiveAt: null, _status: 'draft' },
    depth: 0,
    overrideAccess: true,
    req,
  });
  return doc;
};
