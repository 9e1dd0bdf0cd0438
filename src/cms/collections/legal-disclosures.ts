import type { CollectionConfig } from 'payload';
import { LEGAL_DATA_CATEGORIES } from '../../services/partners/legal-disclosure-rules.ts';
import { isAdmin } from '../access/is-admin.ts';
import { isNotAdminView } from '../access/is-not-admin-view.ts';
import { nobody } from '../access/nobody.ts';
import { nobodyField } from '../access/nobody-field.ts';
import { linkLegalDisclosureMember } from '../hooks/link-legal-disclosure-member.ts';
import { scheduleLegalDisclosureNotice } from '../hooks/schedule-legal-disclosure-notice.ts';

/**
 * Disclosures of a member's data that a law or a court's decision required. Admins only; a record
 * cannot be changed or deleted once saved (the database refuses it too). Staff type the member's
 * e-mail address to find the member; the record keeps only a pseudonymous link, never the address.
 * The member sees the record, and is e-mailed, from `notifyMemberAfter` on.
 */
export const LegalDisclosures: CollectionConfig = {
  slug: 'legal-disclosures',
  labels: { singular: 'Legal disclosure', plural: 'Legal disclosures' },
  admin: {
    useAsTitle: 'authority',
    defaultColumns: ['authority', 'legalBasis', 'disclosedAt', 'notifyMemberAfter', 'createdAt'],
    description: 'Each disclosure of member data that a law or a court required. Records cannot be changed once saved.',
    hidden: isNotAdminView,
  },
  access: { read: isAdmin, create: isAdmin, update: nobody, delete: nobody },
  hooks: { beforeChange: [linkLegalDisclosureMember], afterChange: [scheduleLegalDisclosureNotice] },
  fields: [
    { name: 'authority', type: 'text', required: true, maxLength: 200, admin: { description: 'Who received the data.' } },
    {
      name: 'legalBasis',
      type: 'text',
      required: true,
      maxLength: 300,
      admin: { description: "The law, or the court decision's reference, that required it. The member sees it." },
    },
    { name: 'disclosedAt', type: 'date', required: true },
    {
      name: 'memberEmail',
      label: "The member's e-mail address",
      type: 'email',
      virtual: true,
      admin: { description: 'Finds the member when the record is saved. The address itself is not kept.' },
    },
    {
      name: 'memberLink',
      type: 'text',
      index: true,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true, description: 'A pseudonymous link to the member (not the address).' },
    },
    {
      name: 'dataCategories',
      type: 'select',
      hasMany: true,
      required: true,
      options: LEGAL_DATA_CATEGORIES.map(({ value, label }) => ({ value, label })),
    },
    {
      name: 'notifyMemberAfter',
      type: 'date',
      admin: { description: 'Where a court delays notice: the member is told from this date on. Empty: at once.' },
    },
  ],
};
