import escapeHtml from 'escape-html';
import { SCOPE_WORDS, type Scope, sortScopes } from '../../services/partners/scopes.ts';

export type PartnerView = { name: string; homepageUrl?: string; privacyPolicyUrl?: string };

const hidden = (csrf: string) => `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;

function partnerLinks(partner: PartnerView): string {
  const links = [
    partner.privacyPolicyUrl ? `<a href="${escapeHtml(partner.privacyPolicyUrl)}" rel="noreferrer">its privacy policy</a>` : '',
    partner.homepageUrl ? `<a href="${escapeHtml(partner.homepageUrl)}" rel="noreferrer">its website</a>` : '',
  ].filter(Boolean);
  return links.length ? `<p>Read ${links.join(' and ')}.</p>` : '<p>This app has not published a privacy policy.</p>';
}

/** The sign-in form of an authorization; the same answers as the `login` mutation. */
export function signInBody(opts: { action: string; cancel: string; csrf: string; partner: PartnerView; error?: string }): string {
  return `<p><strong>${escapeHtml(opts.partner.name)}</strong> asks you to sign in with your Mixx account.</p>
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="${escapeHtml(opts.action)}">
${hidden(opts.csrf)}
<label>E-mail address<input type="email" name="email" autocomplete="username" maxlength="254" required></label>
<label>Password<input type="password" name="password" autocomplete="current-password" maxlength="128" required></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="${escapeHtml(opts.cancel)}">${hidden(opts.csrf)}<p><button type="submit" class="secondary">Cancel</button></p></form>`;
}

/**
 * The consent screen: who asks, what each scope means in plain words, every scope but `openid`
 * untickable, Allow and Deny. Scopes granted before are listed, not asked again.
 */
export function consentBody(opts: {
  action: string;
  csrf: string;
  partner: PartnerView;
  memberName: string;
  asked: string[];
  alreadyAllowed: string[];
}): string {
  const asked = sortScopes(opts.asked);
  const item = (scope: Scope) =>
    scope === 'openid'
      ? `<li>${escapeHtml(SCOPE_WORDS.openid)} <small>(needed to sign in)</small></li>`
      : `<li><label class="scope"><input type="checkbox" name="scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(SCOPE_WORDS[scope])}</label></li>`;
  const before = sortScopes(opts.alreadyAllowed).filter((scope) => !asked.includes(scope));
  return `<p>Signed in as ${escapeHtml(opts.memberName)}.</p>
<form method="post" action="${escapeHtml(opts.action)}">
${hidden(opts.csrf)}
${
  asked.length
    ? `<p><strong>${escapeHtml(opts.partner.name)}</strong> asks to:</p>\n<ul>\n${asked.map(item).join('\n')}\n</ul>`
    : `<p><strong>${escapeHtml(opts.partner.name)}</strong> asks you to confirm the access you gave it.</p>`
}
${before.length ? `<p>You allowed it before to: ${before.map((scope) => escapeHtml(SCOPE_WORDS[scope as Scope])).join('; ')}.</p>` : ''}
${partnerLinks(opts.partner)}
<p>You can take this back at any time in your Mixx account, and see there what the app received.</p>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`;
}
