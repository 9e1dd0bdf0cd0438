import type { Payload } from 'payload';
import { lexicalParagraphs } from './lexical.ts';
import { makeStaff } from './staff.ts';

/** Publishes the next version of a policy through Payload's Local API, as an editor would. */
export async function publishPolicy(
  payload: Payload,
  kind: 'terms' | 'privacy',
  opts: { text: string; requiresReacceptance?: boolean; effectiveAt?: Date; changeSummary?: string },
) {
  const { user } = await makeStaff(payload, 'editor');
  const found = await payload.find({ collection: 'policies', where: { kind: { equals: kind } }, limit: 1 });
  const doc = found.docs[0]!;
  await payload.update({
    collection: 'policies',
    id: doc.id,
    data: {
      body: lexicalParagraphs(opts.text),
      requiresReacceptance: opts.requiresReacceptance ?? false,
      changeSummary: opts.changeSummary ?? null,
      effectiveAt: (opts.effectiveAt ?? new Date()).toISOString(),
      _status: 'published',
    },
    overrideAccess: false,
    user,
  });
}
