import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../services/app-services.ts';
import { scopeOfRequest } from '../request-scope.ts';
import { pageForms } from './forms.ts';
import { bodyField, type PageRequest, sendFailure, sendPage, tokenForm, tokenOf } from './page.ts';

/**
 * The pages e-mail links open. A GET only shows a form (mail scanners follow links); the form's
 * POST acts. Frontends may instead read `token` and call the matching mutation. The token and
 * failure rules are page.ts's.
 */
export async function memberPages(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  await pageForms(app);

  app.get('/verify-email', async (request: PageRequest, reply) => {
    try {
      const token = tokenOf(request);
      return sendPage(
        reply,
        200,
        'Confirm your e-mail address',
        `<p>Press the button to confirm your address for Mixx.</p>${tokenForm({ action: '/verify-email', token, button: 'Confirm my address' })}`,
      );
    } catch (error) {
      return sendFailure(reply, 'This link did not work', error);
    }
  });
  app.post('/verify-email', async (request: PageRequest, reply) => {
    try {
      await (await scopeOfRequest(opts.services, request)).registration.verifyEmail(tokenOf(request));
      return sendPage(reply, 200, 'Address confirmed', '<p>Thank you: your address is confirmed. You can close this page.</p>');
    } catch (error) {
      return sendFailure(reply, 'This link did not work', error);
    }
  });

  app.get('/reset-password', async (request: PageRequest, reply) => {
    let token: string;
    try {
      token = tokenOf(request);
    } catch (error) {
      return sendFailure(reply, 'This link did not work', error);
    }
    if (!token) {
      return sendPage(
        reply,
        200,
        'Forgot your password?',
        '<p>Ask for a new link from the Mixx app or website: it is sent to your e-mail address.</p>',
      );
    }
    const fields = `<label>New password (12 to 128 characters)<input type="password" name="newPassword" autocomplete="new-password" minlength="12" maxlength="128" required></label>
<label>The same again<input type="password" name="confirmPassword" autocomplete="new-password" minlength="12" maxlength="128" required></label>
`;
    return sendPage(
      reply,
      200,
      'Choose a new password',
      tokenForm({ action: '/reset-password', token, button: 'Save the new password', fields }),
    );
  });
  app.post('/reset-password', async (request: PageRequest, reply) => {
    try {
      const token = tokenOf(request);
      const newPassword = bodyField(request, 'newPassword') ?? '';
      const confirmPassword = bodyField(request, 'confirmPassword');
      if (confirmPassword !== undefined && confirmPassword !== newPassword) {
        return sendPage(
          reply,
          400,
          'Choose a new password',
          '<p class="error">The two passwords differ. Go back and type them again.</p>',
        );
      }
      await (await scopeOfRequest(opts.services, request)).accounts.resetPassword(token, newPassword);
      return sendPage(
        reply,
        200,
        'Password changed',
        '<p>Your new password is saved, and you were signed out everywhere. Sign in again with it.</p>',
      );
    } catch (error) {
      return sendFailure(reply, 'The password was not changed', error);
    }
  });
}
