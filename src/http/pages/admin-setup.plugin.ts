import formbody from '@fastify/formbody';
import escapeHtml from 'escape-html';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Payload } from 'payload';
import { FirstAdminLink } from '../../cms/first-admin-link.ts';
import { createStaff, StaffInputError } from '../../cms/staff.ts';
import { isPlausibleEmail, staffPasswordLength, staffPasswordProblem } from '../../cms/staff-rules.ts';
import type { Runtime } from '../../services/runtime.ts';
import { page } from './page.ts';

type SetupRequest = {
  Querystring: { token?: unknown };
  Body: { token?: unknown; email?: unknown; password?: unknown; confirmPassword?: unknown };
};

const GONE =
  '<p>This link does not work: it was used, it expired, or the server restarted (a restart writes a new link to the same file). Staff sign in at <a href="/admin">/admin</a>.</p>';

/**
 * `/admin/setup?token=…`: the first admin of a fresh development instance chooses an address and a
 * password (the policy of `staff:create`). A Fastify page rather than a Payload view: with no staff,
 * Payload sends every admin route to its first-user view, and this page must work before any staff
 * exists, without the admin's scripts. A production instance with no staff logs how to run
 * `npm run staff:create` instead and never issues a link.
 */
export async function adminSetupPages(app: FastifyInstance, opts: { services: Runtime; payload: Payload }): Promise<void> {
  const { config, log } = opts.services;
  const { payload } = opts;
  const link = new FirstAdminLink({ dataDir: config.dataDir, publicUrl: config.publicUrl });
  const hasStaff = async () => (await payload.count({ collection: 'staff', overrideAccess: true })).totalDocs > 0;

  if (!(await hasStaff())) {
    if (config.isProduction) {
      log.warn({
        msg: 'No staff account exists: create the first admin with `npm run staff:create -- --email you@example.org --password … --role admin`',
      });
    } else {
      // The path only: the token must not travel with the logs.
      log.warn({
        msg: 'No staff account exists: open the one-time link in this file to choose the first admin',
        file: link.issue(),
      });
    }
  }

  await app.register(formbody);
  const html = (reply: FastifyReply, status: number, title: string, body: string) =>
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', "frame-ancestors 'none'")
      .send(page({ title, body }));
  const form = (token: string, problem?: string) => `${problem ? `<p class="error">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/admin/setup">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label>Email<input type="email" name="email" autocomplete="username" required></label>
<label>Password (${staffPasswordLength.min} to ${staffPasswordLength.max} characters)<input type="password" name="password" autocomplete="new-password" minlength="${staffPasswordLength.min}" maxlength="${staffPasswordLength.max}" required></label>
<label>The same again<input type="password" name="confirmPassword" autocomplete="new-password" required></label>
<button type="submit">Create the admin</button>
</form>`;
  const title = 'Choose the first admin';

  app.get<SetupRequest>('/admin/setup', async (request, reply) => {
    const { token } = request.query;
    if (!link.isValid(token) || (await hasStaff())) return html(reply, 404, 'This link does not work', GONE);
    return html(reply, 200, title, form(token));
  });

  app.post<SetupRequest>('/admin/setup', async (request, reply) => {
    const { token, email, password, confirmPassword } = request.body ?? {};
    if (!link.isValid(token)) return html(reply, 404, 'This link does not work', GONE);
    if (await hasStaff()) {
      link.retire();
      return html(reply, 404, 'This link does not work', GONE);
    }
    const address = typeof email === 'string' ? email.trim().toLowerCase() : '';
    const problem = !isPlausibleEmail(address)
      ? 'Type the e-mail address you will sign in with.'
      : (staffPasswordProblem(password) ?? (confirmPassword !== password ? 'The two passwords differ.' : null));
    if (problem) return html(reply, 400, title, form(token, problem));

    const putBack = link.take(token);
    if (!putBack) return html(reply, 404, 'This link does not work', GONE);
    try {
      await createStaff(payload, { email: address, password: password as string, role: 'admin' });
    } catch (error) {
      putBack();
      if (error instanceof StaffInputError) return html(reply, 400, title, form(token, error.message));
      throw error;
    }
    link.retire();
    log.info({ msg: 'the first admin was created through the setup link' });
    return html(
      reply,
      201,
      'The first admin is ready',
      '<p>Sign in at <a href="/admin/login">/admin</a> with the address and password you chose.</p>',
    );
  });
}
