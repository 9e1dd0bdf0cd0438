import { LoginView } from '@payloadcms/next/views';
import type { AdminViewServerProps } from 'payload';

/**
 * Replaces Payload's create-first-user view (served at /admin/sign-in, see payload.config.ts). With
 * zero staff, Payload's RootPage sends every admin route, the login page included, to this view;
 * it shows the ordinary login form, which cannot succeed until an operator creates an admin
 * (MIXX_ADMIN_* at start-up, or `npm run staff:create`). With staff present, Payload itself
 * redirects this route to the dashboard, and from there to the login page.
 */
export function ClosedFirstUserView(props: AdminViewServerProps) {
  return <LoginView {...props} />;
}
