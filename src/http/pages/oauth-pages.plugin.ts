import { createHmac, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors, type Provider } from 'oidc-provider';
import { deviceIdOfRequest, setDeviceCookie, setSessionCookie } from '../../cookies.ts';
import { InvalidCredentialsError, RateLimitedError } from '../../errors/errors.ts';
import { deriveKey } from '../../services/crypto/keys.ts';
import { OAuthInteractionService } from '../../services/partners/oauth-support.ts';
import type { Runtime } from '../../services/runtime.ts';
import { interactionPath } from '../oauth-server.ts';
import { scopeOfRequest } from '../request-scope.ts';
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
export async function oauthPages(app: FastifyInstance, opts: { services: Runtime; provider: Provider }): Promise<void> {
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const { services, provider } = opts;
  const formKey = deriveKey(services.config.secret, 'oauth-forms');
  const csrfFor = (uid: string) => createHmac('sha256', formKey).update(uid).digest('base64url');
  const isValidCsrf = (uid: string, given: unknown) => {
    const expected = Buffer.from(csrfFor(uid));
    const actual = Buffer.from(typeof given === 'string' ? given : '');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };

  const interactionsOf = async (request: FastifyRequest) => new OAuthInteractionService(await scopeOfRequest(services, request));

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
  const consent = async (request: FastifyRequest, reply: FastifyReply, interaction: Interaction) => {
    const accountId = String(interaction.session?.accountId ?? '');
    const memberName = await (await interactionsOf(request)).memberName(accountId);
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
        memberName: memberName ?? 'a Mixx member',
        asked: details.missingOIDCScope ?? [],
        alreadyAllowed: live?.getOIDCScope().split(' ') ?? [],
      }),
    );
  };

  app.get<{ Params: { uid: string } }>('/oauth/interaction/:uid', async (request, reply) => {
    const interaction = await interactionOf(request as Req, reply);
    if (!interaction) return expired(reply);
    if (interaction.prompt.name === 'consent') return consent(request, reply, interaction);
    // Signed in to Mixx already: no password again, unless the partner asked for a fresh sign-in.
    const forced = interaction.prompt.reasons.some((reason) => reason === 'login_prompt' || reason === 'max_age');
    const memberId = forced ? null : (await interactionsOf(request)).signedInMemberId();
    if (memberId) return finish(request as Req, reply, { login: { accountId: memberId, remember: false } }, false);
    return signIn(reply, interaction);
  });

  app.post<{ Params: { uid: string }; Body: Form | undefined }>('/oauth/interaction/:uid/login', async (request, reply) => {
    const interaction = await interactionOf(request, reply);
    if (!interaction || !isValidCsrf(interaction.uid, request.body?.csrf)) return expired(reply);
    if (interaction.prompt.name !== 'login') return reply.redirect(interactionPath(interaction.uid), 303);
    try {
      const scope = await scopeOfRequest(services, request);
      const { token, session, member, deviceId } = await scope.accounts.login({
        email: String(request.body?.email ?? ''),
        password: String(request.body?.password ?? ''),
        deviceId: deviceIdOfRequest(request, undefined),
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(reply, services.config, token, session.expiresAt);
      setDeviceCookie(reply, services.config, deviceId);
      return finish(request, reply, { login: { accountId: member.id, remember: false } }, false);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return signIn(reply, interaction, 401, error.message);
      if (error instanceof RateLimitedError) {
        const seconds = Number(error.details.retryAfterSeconds);
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
    await (await interactionsOf(request)).granted({
      memberId: accountId,
      clientId,
      oidcGrantId: grantId,
      scopes: grant.getOIDCScope().split(' ').filter(Boolean),
    });
    return finish(request, reply, { consent: { grantId } });
  });
}
