import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../services/app-services.ts';
import { scopeOfRequest } from '../request-scope.ts';
import { pageForms } from './forms.ts';
import { bodyField, type PageRequest, sendFailure, sendPage, tokenForm, tokenOf } from './page.ts';

/**
 * `/confirm-email-consent` (double opt-in) and `/unsubscribe`. GET shows a page with a button and
 * changes nothing (mail scanners follow links). POST acts: the page's button, or a mail client's
 * RFC 8058 one-click POST (`List-Unsubscribe=One-Click`, urlencoded or multipart/form-data),
 * which needs no session, asks nothing more, and answers 200 however often it comes. The token
 * and failure rules are page.ts's.
 */
export async function consentPages(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  await pageForms(app);
  const service = async (request: PageRequest) => (await scopeOfRequest(opts.services, request)).emailConsent;

  app.get('/confirm-email-consent', async (request: PageRequest, reply) => {
    try {
      const token = tokenOf(request);
      return sendPage(
        reply,
        200,
        'Receive news from Mixx?',
        `<p>Press the button to confirm that you want information e-mails from Mixx. You can stop them at any time with one click.</p>${tokenForm({ action: '/confirm-email-consent', token, button: 'Yes, send me news' })}`,
      );
    } catch (error) {
      return sendFailure(reply, 'This link did not work', error);
    }
  });
  app.post('/confirm-email-consent', async (request: PageRequest, reply) => {
    try {
      await (await service(request)).confirm(tokenOf(request));
      return sendPage(
        reply,
        200,
        'Confirmed',
        '<p>Thank you: you will receive information e-mails from Mixx. Every one has a link to stop them.</p>',
      );
    } catch (error) {
      return sendFailure(reply, 'This link did not work', error);
    }
  });

  app.get('/unsubscribe', async (request: PageRequest, reply) => {
    try {
      const token = tokenOf(request);
      return sendPage(
        reply,
        200,
        'Stop information e-mails?',
        `<p>Press the button and Mixx sends you no more information e-mails. Nothing else about your account changes.</p>${tokenForm({ action: `/unsubscribe?token=${encodeURIComponent(token)}`, token, button: 'Unsubscribe' })}`,
      );
    } catch (error) {
      return sendFailure(reply, 'This link did not work', error);
    }
  });
  app.post('/unsubscribe', async (request: PageRequest, reply) => {
    try {
      const isOneClick = bodyField(request, 'List-Unsubscribe') === 'One-Click';
      await (await service(request)).unsubscribe(tokenOf(request), isOneClick ? 'one-click' : 'email-link');
      return sendPage(
        reply,
        200,
        'Unsubscribed',
        '<p>Done: Mixx sends you no more information e-mails. You can turn them on again in your settings.</p>',
      );
    } catch (error) {
      return sendFailure(reply, 'This link did not work', error);
    }
  });
}
