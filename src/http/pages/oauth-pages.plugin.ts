import { createHmac, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors, type Provider } from 'oidc-provider';
import { SESSION_COOKIE } from '../../resolvers/members/session-cookie.ts';
import { InvalidCredentialsError } from '../../schema/errors/invalid-credentials.error.ts';
import { RateLimitedError } from '../../schema/errors/rate-limited.error.ts';
import type { AppServices } from '../../services/app-services.ts';
import { deriveKey } from '../../services/crypto/keys.ts';
import { AccountService } from '../../services/members/account.service.ts';
import { SessionService } from '../../services/members/session.service.ts';
import { interactionPath } from '../../services/partners/authorization-server.ts';
import { PartnerGrantService } from '../../services/partners/grant.service.ts';
import { hashClientAddress } from '../../services/privacy/client-address.ts';
import { consentBody, type PartnerView, signInBody } from './oauth-views.ts';
import { page } from './page.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;
type Form = { csrf?: string; email?: string; password?: string; decision?: string; scope?: string | string[] };
type Req = FastifyRequest<{ Params: { uid: string }; Body: Form | undefined }>;

// The pages name a partner and take a password: never framed, no script, nothing external.
const SECURITY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * Mixx's own pages for an OAuth authorization: sign-in (AccountService.login, so the same throttle
 * and INVALID_CREDENTIALS as the `login` mutation) and consent. Each form carries a token bound to
 * the interaction (HMAC of its uid) beside oidc-provider's SameSite interaction cookie, which holds
 * only that opaque uid.
 */
export async function oauthPages(app: FastifyInstance, opts: { services: AppServices; provider: Provider }): Promise<void> {
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const { services, provider } = opts;
  const formKey = deriveKey(services.config.secret, 'oauth-forms');
  const csrfFor = (uid: string) => createHmac('sha256', formKey).update(uid).digest('base64url');
  const isValidCsrf = (uid: string, given: unknown) => {
    const expected = Buffer.from(csrfFor(uid));
    const actual = Buffer.from(typeof given === 'string' ? given : '');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };

  const html = (reply: FastifyReply, status: number, title: string, body: string) =>
    reply.code(status).headers(SECURITY_HEADERS).send(page({ title, body }));
  const expired = (reply: FastifyReply) =>
    html(reply, 400, 'This sign-in has ended', '<p>It was finished or took too long. Go back to the app and start again.</p>');

  /** The interaction of this browser (its cookie) that the URL names; null when there is none. */
  const interactionOf = async (request: Req, reply: FastifyReply): Promise<Interaction | null> => {
    try {
      const interaction = await provider.interactionDetails(request.raw, reply.raw);
      return interaction.uid === request.params.uid ? interaction : null;
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return null;
      throw error;
    }
  };
  const partnerOf = async (interaction: Interaction): Promise<PartnerView> => {
    const client = await provider.Client.find(String(interaction.params.client_id));
    return { name: client?.clientName ?? 'An app', homepageUrl: client?.clientUri, privacyPolicyUrl: client?.policyUri };
  };
  const finish = async (request: Req, reply: FastifyReply, result: Record<string, unknown>, merge = true) =>
    reply.redirect(await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: merge }), 303);
  const signIn = async (reply: FastifyReply, interaction: Interaction, status = 200, error?: string) =>
    html(
      reply,
      status,
      'Sign in to Mixx',
      signInBody({
        action: `${interactionPath(interaction.uid)}/login`,
        cancel: `${interactionPath(interaction.uid)}/cancel`,
        csrf: csrfFor(interaction.uid),
        partner: await partnerOf(interaction),
        error,
      }),
    );
  const consent = async (reply: FastifyReply, interaction: Interaction) => {
    const accountId = String(interaction.session?.accountId ?? '');
    const member = await services.orm.em
      .fork()
      .getConnection()
      .execute('SELECT display_name FROM member WHERE id = ?', [accountId]);
    const details = interaction.prompt.details as { missingOIDCScope?: string[] };
    const live = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
    return html(
      reply,
      200,
      'Allow access to your Mixx account?',
      consentBody({
        action: `${interactionPath(interaction.uid)}/consent`,
        csrf: csrfFor(interaction.uid),
        partner: await partnerOf(interaction),
        memberName: member[0]?.display_name ?? 'a Mixx member',
        asked: details.missingOIDCScope ?? [],
        alreadyAllowed: live?.getOIDCScope().split(' ') ?? [],
      }),
    );
  };

  app.get<{ Params: { uid: string } }>('/oauth/interaction/:uid', async (request, reply) => {
    const interaction = await interactionOf(request as Req, reply);
    if (!interaction) return expired(reply);
    if (interaction.prompt.name === 'consent') return consent(reply, interaction);
    // Signed in to Mixx already: no password again, unless the partner asked for a fresh sign-in.
    const forced = interaction.prompt.reasons.some((reason) => reason === 'login_prompt' || reason === 'max_age');
    const auth = forced ? null : await new SessionService(services.orm.em.fork()).resolve(request.cookies[SESSION_COOKIE]);
    if (auth) return finish(request as Req, reply, { login: { accountId: auth.member.id, remember: false } }, false);
    return signIn(reply, interaction);
  });

  app.post<{ Params: { uid: string }; Body: Form | undefined }>('/oauth/interaction/:uid/login', async (request, reply) => {
    const interaction = await interactionOf(request, reply);
    if (!interaction || !isValidCsrf(interaction.uid, request.body?.csrf)) return expired(reply);
    if (interaction.prompt.name !== 'login') return reply.redirect(interactionPath(interaction.uid), 303);
    try {
      const { token, session, member } = await new AccountService(services.orm.em.fork(), services).login({
        email: String(request.body?.email ?? ''),
        password: String(request.body?.password ?? ''),
        client: hashClientAddress(request.ip),
        userAgent: request.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: services.config.isProduction,
        path: '/',
        expires: session.expiresAt,
      });
      return finish(request, reply, { login: { accountId: member.id, remember: false } }, false);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return signIn(reply, interaction, 401, error.message);
      if (error instanceof RateLimitedError) {
        const seconds = Number(error.extensions.retryAfterSeconds);
        reply.header('retry-after', String(seconds));
        return signIn(reply, interaction, 429, `Too many attempts. Try again in ${seconds} seconds.`);
      }
      throw error;
    }
  });

  app.post<{ Params: { uid: string }; Body: Form | undefined }>('/oauth/interaction/:uid/cancel', async (request, reply) => {
    const interaction = await interactionOf(request, reply);
    if (!interaction || !isValidCsrf(interaction.uid, request.body?.csrf)) return expired(reply);
    return finish(request, reply, { error: 'access_denied', error_description: 'The member cancelled the sign-in.' }, false);
  });

  app.post<{ Params: { uid: string }; Body: Form | undefined }>('/oauth/interaction/:uid/consent', async (request, reply) => {
    const interaction = await interactionOf(request, reply);
    if (!interaction || !isValidCsrf(interaction.uid, request.body?.csrf)) return expired(reply);
    const accountId = interaction.session?.accountId;
    if (interaction.prompt.name !== 'consent' || !accountId) return reply.redirect(interactionPath(interaction.uid), 303);
    if (request.body?.decision !== 'allow') {
      return finish(request, reply, { error: 'access_denied', error_description: 'The member did not allow it.' }, false);
    }
    const clientId = String(interaction.params.client_id);
    const asked = (interaction.prompt.details as { missingOIDCScope?: string[] }).missingOIDCScope ?? [];
    const ticked = new Set([request.body.scope ?? []].flat());
    const allowed = asked.filter((scope) => scope === 'openid' || ticked.has(scope));
    const refused = asked.filter((scope) => !allowed.includes(scope));
    const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId, clientId });
    if (allowed.length) grant.addOIDCScope(allowed.join(' '));
    if (refused.length) grant.rejectOIDCScope(refused.join(' '));
    const grantId = await grant.save();
    await new PartnerGrantService(services.orm.em.fork()).granted({
      memberId: accountId,
      clientId,
      oidcGrantId: grantId,
      scopes: grant.getOIDCScope().split(' ').filter(Boolean),
    });
    return finish(request, reply, { consent: { grantId } });
  });
}
