import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresAdapter } from '@payloadcms/db-postgres';
import { LinkFeature, lexicalEditor } from '@payloadcms/richtext-lexical';
import { buildConfig } from 'payload';
import { logOptions } from '../log-options.ts';
import { Announcements } from './collections/announcements.ts';
import { LegalDisclosures } from './collections/legal-disclosures.ts';
import { Partners } from './collections/partners.ts';
import { Policies } from './collections/policies.ts';
import { staffCollection } from './collections/staff.ts';
import { staffEmailAdapter } from './email-adapter.ts';
import { signedInAccess } from './endpoints/signed-in-access.ts';
import { publicErrorAnswer } from './hooks/public-error-answer.ts';

const dirname = path.dirname(fileURLToPath(import.meta.url));

/**
 * The server sets PAYLOAD_DATABASE_URL and PAYLOAD_SECRET (derived from MIXX_SECRET) before it
 * imports this file. `next build` only needs a syntactically valid config: it never connects.
 */
const isNextBuild = process.env.NEXT_PHASE === 'phase-production-build';
const connectionString = process.env.PAYLOAD_DATABASE_URL ?? process.env.DATABASE_URL;
const secret = process.env.PAYLOAD_SECRET ?? (isNextBuild ? 'next-build-placeholder-never-used-at-runtime' : '');
/** PUBLIC_URL, normalised by src/config.ts; unset in CLI scripts, which serve nothing. */
const publicUrl = process.env.PAYLOAD_PUBLIC_URL ?? '';
/** The rest of the server's configuration the CMS needs (src/config.ts handOverToCms). */
const mail = {
  from: process.env.PAYLOAD_MAIL_FROM || 'Mixx <no-reply@localhost>',
  smtpUrl: process.env.PAYLOAD_SMTP_URL || undefined,
  dataDir: process.env.PAYLOAD_DATA_DIR || './.mixx',
};
const Staff = staffCollection({ secureCookies: process.env.PAYLOAD_SECURE_COOKIES === 'true' });

export default buildConfig({
  admin: {
    user: Staff.slug,
    // No Gravatar: the network is closed and a staff address must not leave the server.
    avatar: 'default',
    components: {
      views: {
        // Staff come only from MIXX_ADMIN_* at start-up or `npm run staff:create`. With zero staff,
        // Payload's RootPage sends every admin route to this view key: show the login form there.
        createFirstUser: { Component: './components/closed-first-user.tsx#ClosedFirstUserView' },
      },
    },
    // With zero staff Payload sends every admin route to its create-first-user route; give that
    // route a name that matches what it now shows (see ClosedFirstUserView).
    routes: { createFirstUser: '/sign-in' },
    importMap: {
      baseDir: dirname,
      importMapFile: path.resolve(dirname, 'app/(payload)/admin/importMap.js'),
    },
    meta: { titleSuffix: ' · Mixx CMS' },
  },
  collections: [Staff, Policies, Announcements, Partners, LegalDisclosures],
  // Payload accepts the staff cookie only on requests from this origin (or, without an Origin
  // header, from a browser that says same-origin): another site cannot act with a staff session.
  csrf: publicUrl ? [new URL(publicUrl).origin] : [],
  // Links in staff e-mails (reset) point here rather than at whatever Host a request named.
  serverURL: publicUrl,
  endpoints: [signedInAccess],
  db: postgresAdapter({
    pool: { connectionString },
    schemaName: 'cms',
    push: false,
    migrationDir: path.resolve(dirname, '../../migrations/cms'),
    prodMigrations: undefined,
  }),
  // Policies are text: no uploads, no embedded documents, links to web or mail addresses only.
  email: staffEmailAdapter(mail),
  logger: { options: logOptions(process.env.PAYLOAD_LOG_LEVEL || 'info') },
  // A wrong password or a refused attempt is routine, not an error to page anyone about.
  loggingLevels: { AuthenticationError: 'info', ...({ RateLimited: 'info' } as object) },
  hooks: { afterError: [publicErrorAnswer] },
  editor: lexicalEditor({
    features: ({ defaultFeatures }) => [
      ...defaultFeatures.filter((feature) => !['upload', 'relationship', 'link'].includes(feature.key)),
      LinkFeature({ enabledCollections: [] }),
    ],
  }),
  graphQL: { disable: true },
  secret,
  telemetry: false,
  typescript: { autoGenerate: false },
});
