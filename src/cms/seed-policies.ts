import type { Payload } from 'payload';
import { initialPolicyTexts } from '../services/policies/policy-texts.ts';

/**
 * Publishes version 1 of each policy kind that has no document yet (on a fresh install: both).
 * Each publish snapshots itself into public.policy_version, so that table must exist first.
 * Returns how many documents it created.
 */
export async function seedPolicies(payload: Payload): Promise<number> {
  let created = 0;
  for (const text of initialPolicyTexts) {
    const existing = await payload.count({
      collection: 'policies',
      where: { kind: { equals: text.kind } },
      overrideAccess: true,
    });
    if (existing.totalDocs > 0) continue;
    await payload.create({
      collection: 'policies',
      data: {
        kind: text.kind,
        title: text.title,
        body: text.body,
        changeSummary: text.changeSummary,
        requiresReacceptance: false,
        _status: 'published',
      },
      draft: false,
      overrideAccess: true,
    });
    created += 1;
  }
  return created;
}
