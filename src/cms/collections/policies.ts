import type { CollectionConfig } from 'payload';
import { isStaff } from '../access/is-staff.ts';
import { nobody } from '../access/nobody.ts';
import { nobodyField } from '../access/nobody-field.ts';
import { fillEffectiveAtOnPublish } from '../hooks/fill-effective-at-on-publish.ts';
import { resetNextDraft } from '../hooks/reset-next-draft.ts';
import { setPublishedBy } from '../hooks/set-published-by.ts';
import { snapshotOnPublish } from '../hooks/snapshot-on-publish.ts';

/**
 * The Terms of Use and the Privacy Policy, one document per kind. Every publish becomes an
 * immutable policy version in the API (public.policy_version); drafts stay here.
 */
export const Policies: CollectionConfig = {
  slug: 'policies',
  labels: { singular: 'Policy', plural: 'Policies' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'kind', '_status', 'updatedAt'],
    description: 'Publishing creates a new, permanent policy version that members see and accept.',
  },
  access: {
    read: isStaff,
    readVersions: isStaff,
    create: isStaff,
    update: isStaff,
    delete: nobody,
  },
  versions: { drafts: true, maxPerDoc: 0 },
  hooks: { afterChange: [snapshotOnPublish, resetNextDraft] },
  fields: [
    {
      name: 'kind',
      type: 'select',
      required: true,
      unique: true,
      options: [
        { label: 'Terms of Use', value: 'terms' },
        { label: 'Privacy Policy', value: 'privacy' },
      ],
      access: { update: nobodyField },
      admin: { description: 'One document per kind; it cannot change once created.' },
    },
    { name: 'title', type: 'text', required: true },
    { name: 'body', type: 'richText', required: true },
    {
      name: 'changeSummary',
      type: 'text',
      admin: { description: 'Shown to members: what changed since the previous version.' },
    },
    {
      name: 'requiresReacceptance',
      type: 'checkbox',
      defaultValue: false,
      admin: { description: 'A material change: members must accept this version before their next download.' },
    },
    {
      name: 'effectiveAt',
      type: 'date',
      admin: {
        date: { pickerAppearance: 'dayAndTime' },
        description: 'Leave empty to put the version in force when it is published.',
      },
      hooks: { beforeChange: [fillEffectiveAtOnPublish] },
    },
    {
      name: 'publishedBy',
      type: 'text',
      admin: { hidden: true },
      access: { create: nobodyField, update: nobodyField },
      hooks: { beforeChange: [setPublishedBy] },
    },
  ],
};
