import type { CollectionConfig } from 'payload';
import { isAdmin } from '../access/is-admin.ts';
import { isStaff } from '../access/is-staff.ts';
import { nobodyField } from '../access/nobody-field.ts';
import { sendAnnouncement } from '../endpoints/send-announcement.ts';

/**
 * Information e-mails. Sending (the Send button, or `npm run announcements:send -- <id>`) reaches
 * only members whose e-mail consent is GRANTED, each once, with a one-click unsubscribe link.
 * Staff never see who received one: the recipients live in the API's database, not here.
 */
export const Announcements: CollectionConfig = {
  slug: 'announcements',
  labels: { singular: 'Announcement', plural: 'Announcements' },
  admin: {
    useAsTitle: 'subject',
    defaultColumns: ['subject', 'status', 'sentCount', 'updatedAt'],
    description: 'Information e-mails to the members who asked for them (double opt-in).',
  },
  access: { read: isStaff, create: isStaff, update: isStaff, delete: isAdmin },
  endpoints: [sendAnnouncement],
  fields: [
    { name: 'subject', type: 'text', required: true, maxLength: 150 },
    { name: 'body', type: 'richText', required: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'draft',
      options: [
        { label: 'Draft', value: 'draft' },
        { label: 'Sending', value: 'sending' },
        { label: 'Sent', value: 'sent' },
      ],
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'sentCount',
      label: 'Sent to',
      type: 'number',
      defaultValue: 0,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true, position: 'sidebar', description: 'Members this announcement was sent to.' },
    },
    {
      name: 'send',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: './components/send-announcement-button.tsx#SendAnnouncementButton' } },
    },
  ],
};
