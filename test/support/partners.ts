import { createServer } from 'node:net';
import * as client from 'openid-client';
import type { Payload } from 'payload';
import { createPartner } from '../../src/services/partners/partner-create.ts';

// On another origin than Mixx's (127.0.0.1), so the browser stops there; nothing listens on it.
export const CALLBACK = 'http://localhost:9/callback';

/** A free loopback port, so that PUBLIC_URL (and with it the OAuth issuer) can name it before start. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Cookie = { name: string; value: string; path: string };

/**
 * Just enough of a browser for Mixx's own pages: it keeps cookies (by path, as a browser does),
 * follows redirects on Mixx's origin, submits forms, and stops at the first redirect that leaves
 * Mixx (the partner's redirect URI, which nothing here serves).
 */
export class Browser {
  readonly cookies = new Map<string, Cookie>();
  /** Every Set-Cookie header Mixx sent, as received. */
  readonly setCookies: string[] = [];

  constructor(
    readonly origin: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(url: URL): string {
    return [...this.cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private remember(response: Response, url: URL) {
    for (const header of response.headers.getSetCookie()) {
      this.setCookies.push(header);
      const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttr = attributes.find((a) => a.toLowerCase().startsWith('path='));
      const path = pathAttr ? pathAttr.slice(5) : url.pathname.replace(/\/[^/]*$/, '') || '/';
      const expired = attributes.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now());
      const key = `${name};${path}`;
      if (!value || expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  setCookie(name: string, value: string, path = '/') {
    this.cookies.set(`${name};${path}`, { name, value, path });
  }

  /** Requests `url`, following redirects within Mixx; `redirect` is set when one leaves Mixx. */
  async go(url: string, init: { method?: string; form?: Record<string, string | string[]> } = {}) {
    let current = new URL(url, this.origin);
    let method = init.method ?? 'GET';
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) params.append(k, one);
      body = params.toString();
    }
    for (let hops = 0; hops < 10; hops++) {
      const response = await fetch(current, {
        method,
        redirect: 'manual',
        headers: {
          ...this.headers,
          cookie: this.cookieHeader(current),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      });
      this.remember(response, current);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, current);
        if (next.origin !== this.origin) return { status: response.status, url: current.href, redirect: next, html: '' };
        current = next;
        method = 'GET';
        body = undefined;
        continue;
      }
      return {
        status: response.status,
        url: current.href,
        redirect: undefined,
        html: await response.text(),
        headers: response.headers,
      };
    }
    throw new Error('too many redirects');
  }
}

/** The form on a page whose action ends with `suffix`, with its hidden fields. */
export function formOf(html: string, suffix: string): { action: string; fields: Record<string, string> } {
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)];
  const form = forms.find((f) => f[1]?.endsWith(suffix));
  if (!form) throw new Error(`no form ending in ${suffix} on the page:\n${html}`);
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[input[1] as string] = (input[2] as string).replace(/&amp;/g, '&');
  }
  return { action: (form[1] as string).replace(/&amp;/g, '&'), fields };
}

export type TestPartner = { clientId: string; clientSecret?: string; config: client.Configuration };

/** Registers a partner (as `partner:create` does) and discovers Mixx with openid-client. */
export async function registerPartner(
  payload: Payload,
  issuer: string,
  opts: { name?: string; scopes?: string[]; isPublic?: boolean; redirectUris?: string[] } = {},
): Promise<TestPartner> {
  const created = await createPartner(payload, {
    name: opts.name ?? 'Playlist Pal',
    redirectUris: opts.redirectUris ?? [CALLBACK],
    scopes: opts.scopes ?? ['openid', 'profile', 'email', 'offline_access'],
    isPublic: opts.isPublic ?? false,
  });
  const config = await client.discovery(
    new URL(issuer),
    created.clientId,
    undefined,
    created.clientSecret ? client.ClientSecretBasic(created.clientSecret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
  return { ...created, config };
}

/**
 * An authorization request with PKCE S256 and state, as openid-client builds it. Asking for
 * offline_access takes prompt=consent (OpenID Connect Core 11; oidc-provider drops it otherwise).
 */
export async function authorizationRequest(config: client.Configuration, scope: string, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...(scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {}),
    ...extra,
  });
  return { url, verifier, state };
}

/**
 * Walks Mixx's pages as a member would: signs in when asked, then answers the consent screen
 * (Allow with `scopes` ticked, or Deny). Returns the redirect back to the partner.
 */
export async function authorize(
  browser: Browser,
  url: URL,
  member: { email: string; password: string },
  answer: { decision: 'allow' | 'deny'; scopes?: string[] } = { decision: 'allow' },
) {
  let page = await browser.go(url.href);
  const seen: string[] = [];
  if (!page.redirect && page.html.includes('/login"')) {
    seen.push('sign-in');
    const form = formOf(page.html, '/login');
    page = await browser.go(form.action, {
      method: 'POST',
      form: { ...form.fields, email: member.email, password: member.password },
    });
  }
  if (!page.redirect && page.html.includes('/consent"')) {
    seen.push('consent');
    const form = formOf(page.html, '/consent');
    const offered = [...page.html.matchAll(/name="scope" value="([^"]+)"/g)].map((m) => m[1] as string);
    const scopes = answer.scopes ?? offered;
    page = await browser.go(form.action, {
      method: 'POST',
      form: { ...form.fields, decision: answer.decision, scope: scopes.filter((s) => offered.includes(s)) },
    });
  }
  if (!page.redirect) throw new Error(`no redirect back to the partner (${page.status}):\n${page.html}`);
  return { redirect: page.redirect, seen };
}
