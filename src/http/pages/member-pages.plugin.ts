import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../errors/domain-error.ts';
import type { AppServices } from '../../services/app-services.ts';
import { scopeOfRequest } from '../request-scope.ts';
import { escapeHtml, page, tokenForm } from './page.ts';

type TokenQuery = { Querystring: { token?: string }; Body: { token?: string; newPassword?: string; confirmPassword?: string } };

/**
 * The pages e-mail links open. A GET only shows a form (mail scanners follow links); the form's
 * POST acts. Frontends may instead read `token` and call the matching mutation.
 */
export async function memberPages(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  await app.register(formbody);

  const html = (reply: FastifyReply, status: number, title: string, body: string) =>
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page({ title, body }));
  const tokenOf = (request: FastifyRequest<TokenQuery>) => String(request.body?.token ?? request.query.token ?? '');
  const failure = (reply: FastifyReply, title: string, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    return html(reply, 400, title, `<p class="error">${escapeHtml(error.message)}</p>`);
  };

  app.get<TokenQuery>('/verify-email', async (request, reply) =>
    html(
      reply,
      200,
      'Confirm your e-mail address',
      `<p>Press the button to confirm your address for Mixx.</p>${tokenForm({ action: '/verify-email', token: request.query.token ?? '', button: 'Confirm my address' })}`,
    ),
  );
  app.post<TokenQuery>('/verify-email', async (request, reply) => {
    try {
      await (await scopeOfRequest(opts.services, request)).registration.verifyEmail(tokenOf(request));
      return html(reply, 200, 'Address confirmed', '<p>Thank you: your address is confirmed. You can close this page.</p>');
    } catch (error) {
      return failure(reply, 'This link did not work', error);
    }
  });

  app.get<TokenQuery>('/reset-password', async (request, reply) => {
    if (!request.query.token) {
      return html(
        reply,
        200,
        'Forgot your password?',
        '<p>Ask for a new link from the Mixx app or website: it is sent to your e-mail address.</p>',
      );
    }
    const fields = `<label>New password (12 to 128 characters)<input type="password" name="newPassword" autocomplete="new-password" minlength="12" maxlength="128" required></label>
<label>The same again<input type="password" name="confirmPassword" autocomplete="new-password" minlength="12" maxlength="128" required></label>
`;
    return html(
      reply,
      200,
      'Choose a new password',
      tokenForm({ action: '/reset-password', token: request.query.token, button: 'Save the new password', fields }),
    );
  });
  app.post<TokenQuery>('/reset-password', async (request, reply) => {
    const { newPassword = '', confirmPassword } = request.body ?? {};
    if (confirmPassword !== undefined && confirmPassword !== newPassword) {
      return html(
        reply,
        400,
        'Choose a new password',
        '<p class="error">The two passwords differ. Go back and type them again.</p>',
      );
    }
    try {
      await (await scopeOfRequest(opts.services, request)).accounts.resetPassword(tokenOf(request), newPassword);
      return html(
        reply,
        200,
        'Password changed',
        '<p>Your new password is saved, and you were signed out everywhere. Sign in again with it.</p>',
      );
    } catch (error) {
      return failure(reply, 'The password was not changed', error);
    }
  });
}
