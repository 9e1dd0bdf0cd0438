import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../errors/domain-error.ts';
import type { AppServices } from '../../services/app-services.ts';
import { scopeOfRequest } from '../request-scope.ts';
import { escapeHtml, page, tokenForm } from './page.ts';

type TokenRequest = { Querystring: { token?: string }; Body: Record<string, string | undefined> };

/**
 * `/confirm-email-consent` (double opt-in) and `/unsubscribe`. GET shows a page with a button and
 * changes nothing (mail scanners follow links). POST acts: the page's button, or a mail client's
 * RFC 8058 one-click POST (`List-Unsubscribe=One-Click`), which needs no session, asks nothing
 * more, and answers 200 however often it comes.
 */
export async function consentPages(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  await app.register(formbody);
  const html = (reply: FastifyReply, status: number, title: string, body: string) =>
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page({ title, body }));
  const tokenOf = (request: { body?: Record<string, string | undefined>; query: { token?: string } }) =>
    String(request.query.token ?? request.body?.token ?? '');
  const failure = (reply: FastifyReply, title: string, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    return html(reply, error.code === 'INVALID_TOKEN' ? 404 : 400, title, `<p class="error">${escapeHtml(error.message)}</p>`);
  };

  app.get<TokenRequest>('/confirm-email-consent', async (request, reply) =>
    html(
      reply,
      200,
      'Receive news from Mixx?',
      `<p>Press the button to confirm that you want information e-mails from Mixx. You can stop them at any time with one click.</p>${tokenForm({ action: '/confirm-email-consent', token: request.query.token ?? '', button: 'Yes, send me news' })}`,
    ),
  );
  app.post<TokenRequest>('/confirm-email-consent', async (request, reply) => {
    try {
      await (await scopeOfRequest(opts.services, request)).emailConsent.confirm(tokenOf(request));
      return html(
        reply,
        200,
        'Confirmed',
        '<p>Thank you: you will receive information e-mails from Mixx. Every one has a link to stop them.</p>',
      );
    } catch (error) {
      return failure(reply, 'This link did not work', error);
    }
  });

  app.get<TokenRequest>('/unsubscribe', async (request, reply) =>
    html(
      reply,
      200,
      'Stop information e-mails?',
      `<p>Press the button and Mixx sends you no more information e-mails. Nothing else about your account changes.</p>${tokenForm({ action: `/unsubscribe?token=${encodeURIComponent(request.query.token ?? '')}`, token: request.query.token ?? '', button: 'Unsubscribe' })}`,
    ),
  );
  app.post<TokenRequest>('/unsubscribe', async (request, reply) => {
    const isOneClick = request.body?.['List-Unsubscribe'] === 'One-Click';
    try {
      await (await scopeOfRequest(opts.services, request)).emailConsent.unsubscribe(
        tokenOf(request),
        isOneClick ? 'one-click' : 'email-link',
      );
      return html(
        reply,
        200,
        'Unsubscribed',
        '<p>Done: Mixx sends you no more information e-mails. You can turn them on again in your settings.</p>',
      );
    } catch (error) {
      return failure(reply, 'This link did not work', error);
    }
  });
}
