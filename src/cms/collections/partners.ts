import type { CollectionConfig } from 'payload';
import { SCOPE_WORDS, SCOPES } from '../../services/partners/scopes.ts';
import { isAdmin } from '../access/is-admin.ts';
import { isNotAdminView } from '../access/is-not-admin-view.ts';
import { nobody } from '../access/nobody.ts';
import { nobodyField } from '../access/nobody-field.ts';
import { partnerSecret } from '../endpoints/partner-secret.ts';
import { assignPartnerClientId } from '../hooks/assign-partner-client-id.ts';
import { checkPartnerInput } from '../hooks/check-partner-input.ts';
import { endPartnerTokensWhenNarrowed } from '../hooks/end-partner-tokens.ts';

const isConfidential = (data: Record<string, unknown> | undefined) => data?.clientType !== 'public';

/**
 * Partner apps that sign members in through Mixx (OAuth 2.1 / OpenID Connect). Admins only:
 * editors neither see nor read the collection. A confidential client's secret is shown once
 * (the "Create a new secret" button) and kept only as a hash; partners are disabled, never deleted,
 * because members' grants and the consent ledger name them.
 */
export const Partners: CollectionConfig = {
  slug: 'partners',
  labels: { singular: 'Partner', plural: 'Partners' },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'clientId', 'clientType', 'disabled', 'updatedAt'],
    description: 'Partner apps that members may allow to read some of their data (OAuth 2.1 / OpenID Connect).',
    hidden: isNotAdminView,
  },
  access: { read: isAdmin, create: isAdmin, update: isAdmin, delete: nobody },
  endpoints: [partnerSecret],
  hooks: {
    beforeValidate: [checkPartnerInput],
    beforeChange: [assignPartnerClientId],
    afterChange: [endPartnerTokensWhenNarrowed],
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      maxLength: 100,
      admin: { description: 'Shown to members on the consent screen.' },
    },
    {
      name: 'clientId',
      label: 'Client ID',
      type: 'text',
      unique: true,
      index: true,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true, position: 'sidebar', description: 'The OAuth client_id, made by Mixx when the partner is saved.' },
    },
    {
      name: 'clientType',
      type: 'select',
      required: true,
      defaultValue: 'confidential',
      options: [
        { label: 'Confidential (a server that keeps a secret)', value: 'confidential' },
        { label: 'Public (a browser or mobile app: no secret)', value: 'public' },
      ],
    },
    {
      name: 'tokenEndpointAuthMethod',
      label: 'How it sends its secret',
      type: 'select',
      defaultValue: 'client_secret_basic',
      options: [
        { label: 'HTTP Basic (client_secret_basic)', value: 'client_secret_basic' },
        { label: 'In the form body (client_secret_post)', value: 'client_secret_post' },
      ],
      admin: { condition: isConfidential },
    },
    {
      name: 'clientSecretHash',
      type: 'text',
      hidden: true,
      access: { read: nobodyField, create: nobodyField, update: nobodyField },
    },
    {
      name: 'clientSecret',
      type: 'ui',
      admin: {
        position: 'sidebar',
        condition: isConfidential,
        components: { Field: './components/partner-secret-button.tsx#PartnerSecretButton' },
      },
    },
    {
      name: 'redirectUris',
      label: 'Redirect URIs',
      type: 'array',
      required: true,
      minRows: 1,
      maxRows: 10,
      admin: { description: 'Matched exactly. https (http only on localhost), all on one host.' },
      fields: [{ name: 'url', type: 'text', required: true, maxLength: 500 }],
    },
    {
      name: 'allowedScopes',
      type: 'select',
      hasMany: true,
      required: true,
      defaultValue: ['openid', 'profile'],
      options: SCOPES.map((scope) => ({ label: `${scope}: ${SCOPE_WORDS[scope]}`, value: scope })),
      admin: { description: 'What the partner may ask members for; each member decides what it gets.' },
    },
    { name: 'homepageUrl', type: 'text', maxLength: 500 },
    {
      name: 'privacyPolicyUrl',
      type: 'text',
      maxLength: 500,
      admin: { description: "The partner's own privacy policy, linked from the consent screen." },
    },
    {
      name: 'trustedDocumentsOnly',
      label: 'Trusted documents only',
      type: 'checkbox',
      defaultValue: false,
      admin: {
        position: 'sidebar',
        description:
          'The app may send only GraphQL documents registered for it (npm run partner:documents); any other is refused.',
      },
    },
    {
      name: 'costBudget',
      label: 'Query cost budget',
      type: 'number',
      min: 1,
      max: 1_000_000_000,
      admin: {
        position: 'sidebar',
        description:
          'Query cost points its bucket holds, for all the members it acts for; refilled in the same time as the default (empty: MIXX_COST_BUDGET).',
      },
    },
    {
      name: 'disabled',
      type: 'checkbox',
      defaultValue: false,
      admin: {
        position: 'sidebar',
        description: 'A disabled partner signs nobody in, and every token it holds stops working at once.',
      },
    },
  ],
};
