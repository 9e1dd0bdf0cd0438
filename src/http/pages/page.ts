import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../errors/domain-error.ts';
import { BadUserInputError, RateLimitedError } from '../../errors/errors.ts';
import { httpStatusOf } from '../../errors/http-status.ts';

/**
 * The pages e-mail links open (`/verify-email`, `/reset-password`, `/confirm-email-consent`,
 * `/unsubscribe`) share these rules:
 *
 * - **Where the token comes from.** The `token` of the query string or of the form body (a page's
 *   button posts it in the body; a mail client's RFC 8058 one-click POST has it only in the URL).
 *   Each is one string. A token given twice — repeated in the query or in the body, or in both
 *   with different values — is refused with 400: which one the sender meant is unknown, and
 *   guessing could act on the wrong link. The same value in both (the unsubscribe page's form) is
 *   one token. Any other field (`newPassword`, `List-Unsubscribe`) follows the same rule.
 * - **What a failure answers.** A token that is unknown, used, expired or malformed, and any
 *   other input the action refuses, is 400 with the reason on the page; RATE_LIMITED is 429 with
 *   `Retry-After`. A GET never acts, so it fails only on a repeated token.
 * - **Headers.** No caching, no framing (`X-Frame-Options: DENY`, `frame-ancestors 'none'`: a
 *   framed button could be clicked by trickery), and a CSP that allows only the page's own style
 *   and forms posting back to this origin.
 */

export type PageRequest = FastifyRequest<{ Querystring: Record<string, unknown>; Body: unknown }>;

const STYLE = `body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1f; }
button { background: #1b1b1f; color: #fff; border: 0; padding: .7rem 1.2rem; border-radius: .4rem; font-size: 1rem; cursor: pointer; }
input { display: block; width: 100%; padding: .5rem; margin: .3rem 0 1rem; font-size: 1rem; box-sizing: border-box; }
.error { color: #a4000f; }`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A small self-contained page: no scripts, no external resources, nothing a scanner can trigger by GET. */
export function page(opts: { title: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(opts.title)} · Mixx</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(opts.title)}</h1>
${opts.body}
</body>
</html>
`;
}

/** A form that POSTs the token back to the same path: only this POST acts. */
export function tokenForm(opts: { action: string; token: string; button: string; fields?: string }): string {
  return `<form method="post" action="${escapeHtml(opts.action)}">
<input type="hidden" name="token" value="${escapeHtml(opts.token)}">
${opts.fields ?? ''}<button type="submit">${escapeHtml(opts.button)}</button>
</form>`;
}

export function sendPage(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .send(page({ title, body }));
}

/** The page for a refused action, with its code's status; anything that is not a public domain error is a bug and goes on up. */
export function sendFailure(reply: FastifyReply, title: string, error: unknown): FastifyReply {
  if (!(error instanceof DomainError) || !error.isPublic) throw error;
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.details.retryAfterSeconds));
  return sendPage(reply, httpStatusOf(error), title, `<p class="error">${escapeHtml(error.message)}</p>`);
}

/** The request's token by the rule above: '' when there is none. */
export function tokenOf(request: PageRequest): string {
  const fromQuery = one(request.query?.token, 'token');
  const fromBody = bodyField(request, 'token');
  if (fromQuery !== undefined && fromBody !== undefined && fromQuery !== fromBody) throw repeated('token');
  return fromBody ?? fromQuery ?? '';
}

/** A field of the form body: one string, or undefined when absent. */
export function bodyField(request: PageRequest, name: string): string | undefined {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !Object.hasOwn(body, name)) return undefined;
  return one((body as Record<string, unknown>)[name], name);
}

function one(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw repeated(name);
  return value;
}

const repeated = (name: string) =>
  new BadUserInputError(
    `This link is not valid: "${name}" must be given once, as text. Open the link from the e-mail again.`,
    name,
  );
