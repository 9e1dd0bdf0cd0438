import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Payload's staff session cookie (its default cookie prefix). */
const NAME = 'payload-token';
const VERSION = 'v1.';

/**
 * Payload signs the staff member's e-mail address into the JWT it keeps in the `payload-token`
 * cookie, and has no setting to leave it out. Mixx promises that no cookie carries a login or
 * other personal data, so the JWT never reaches the browser in the clear: on its way out the cookie's
 * value is sealed (AES-256-GCM under a key derived from MIXX_SECRET, the cookie name as associated
 * data), and on its way back in it is opened again before Payload reads it. A value that does not
 * open (tampered, or sealed under another secret) is dropped: the request is then signed out.
 */
export class StaffCookieSeal {
  constructor(private readonly key: Buffer) {}

  seal(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(NAME));
    const sealed = Buffer.concat([iv, cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}${sealed.toString('base64url')}`;
  }

  open(value: string): string | null {
    if (!value.startsWith(VERSION)) return null;
    const sealed = Buffer.from(value.slice(VERSION.length), 'base64url');
    if (sealed.length < 12 + 16 + 1) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12)).setAAD(Buffer.from(NAME));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /** Opens the staff cookie of a request in place, or removes it when it does not open. */
  openRequest(req: IncomingMessage): void {
    const header = req.headers.cookie;
    if (!header?.includes(`${NAME}=`)) return;
    const kept: string[] = [];
    for (const part of header.split(';')) {
      const pair = part.trim();
      if (!pair.startsWith(`${NAME}=`)) {
        if (pair) kept.push(pair);
        continue;
      }
      const token = this.open(decodeURIComponent(pair.slice(NAME.length + 1)));
      if (token) kept.push(`${NAME}=${token}`);
    }
    req.headers.cookie = kept.join('; ');
  }

  /** Seals the staff cookie in every Set-Cookie header this response will send. */
  sealResponse(res: ServerResponse): void {
    const sealCookie = (cookie: string) => {
      if (!cookie.startsWith(`${NAME}=`)) return cookie;
      const end = cookie.indexOf(';');
      const value = decodeURIComponent(cookie.slice(NAME.length + 1, end < 0 ? undefined : end));
      // Signing out sets an empty, expired cookie: nothing to seal.
      if (!value) return cookie;
      return `${NAME}=${this.seal(value)}${end < 0 ? '' : cookie.slice(end)}`;
    };
    const sealHeader = <T extends OutgoingHttpHeader | undefined>(value: T): T => {
      if (typeof value === 'string') return sealCookie(value) as T;
      if (Array.isArray(value)) return value.map((v) => sealCookie(String(v))) as T;
      return value;
    };
    const isSetCookie = (name: unknown) => typeof name === 'string' && name.toLowerCase() === 'set-cookie';

    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => setHeader(name, isSetCookie(name) ? sealHeader(value as OutgoingHttpHeader) : value);
    const appendHeader = res.appendHeader.bind(res);
    res.appendHeader = (name, value) =>
      appendHeader(name, isSetCookie(name) ? (sealHeader(value as OutgoingHttpHeader) as string | readonly string[]) : value);
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      const headers = rest[rest.length - 1];
      if (Array.isArray(headers)) {
        // Raw [name, value, name, value, …]
        for (let i = 0; i + 1 < headers.length; i += 2) if (isSetCookie(headers[i])) headers[i + 1] = sealHeader(headers[i + 1]);
      } else if (headers && typeof headers === 'object') {
        for (const name of Object.keys(headers)) {
          if (isSetCookie(name)) (headers as OutgoingHttpHeaders)[name] = sealHeader((headers as OutgoingHttpHeaders)[name]);
        }
      }
      return writeHead(status, ...rest);
    }) as typeof res.writeHead;
  }
}
