import { Busboy } from '@fastify/busboy';
import type { FastifyInstance } from 'fastify';
import { sendPage } from './page.ts';

/**
 * Forms on the link pages hold a token and at most two passwords of 128 characters: 16 KiB is
 * room enough for any encoding of them, and far below the app's 1 MiB.
 */
export const PAGE_BODY_LIMIT = 16 * 1024;
/**
 * A body over PAGE_BODY_LIMIT is still read up to this (the app's own limit) before the 413 goes
 * out: a server that answers and closes while the client is still sending resets the connection,
 * and the client sees EPIPE instead of the answer (about half the time on Node 20, every time in
 * the suite on Node 24). Beyond it, the connection is closed at once.
 */
const READ_LIMIT = 1024 * 1024;

type FormFields = Record<string, string | string[]>;

const httpError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

/**
 * The bodies the link pages read: `application/x-www-form-urlencoded` (their own forms, and mail
 * clients' one-click POSTs) and `multipart/form-data`, the encoding RFC 8058 asks mail receivers to
 * use. Both are read whole by Fastify and refused with 413 over PAGE_BODY_LIMIT (whether or not
 * the client sends a length), else parsed; a repeated field becomes an array in both, so the pages'
 * one-value rule (page.ts) sees it. File parts are drained and dropped: nothing is ever written.
 * A body that cannot be read is answered with a page too, never with the app's JSON.
 */
export async function pageForms(app: FastifyInstance): Promise<void> {
  const tooLarge = () => httpError(413, 'The form is too large.');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: READ_LIMIT }, (_r, body, done) =>
    (body as Buffer).length > PAGE_BODY_LIMIT ? done(tooLarge(), undefined) : done(null, parseUrlencoded(body.toString())),
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: READ_LIMIT }, (request, body, done) => {
    if ((body as Buffer).length > PAGE_BODY_LIMIT) return done(tooLarge(), undefined);
    parseMultipart(request.headers, body as Buffer).then(
      (fields) => done(null, fields),
      (error: Error) => done(error, undefined),
    );
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    // Anything else goes on to the app's handler, which logs it as the bug it is.
    if (!error.statusCode || error.statusCode >= 500) throw error;
    return sendPage(
      reply,
      error.statusCode,
      'This request could not be read',
      `<p class="error">${UNREADABLE[error.statusCode] ?? UNREADABLE[400]}</p>`,
    );
  });
}

/** Fixed texts: Fastify's own messages can quote what the client sent. */
const UNREADABLE: Record<number, string> = {
  400: 'The form could not be read.',
  413: 'The form is too large.',
  415: 'This page reads only forms.',
};

/** `a=1&a=2` gives `a: ['1', '2']`, as multipart does. */
function parseUrlencoded(text: string): FormFields {
  const fields: FormFields = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) addField(fields, name, value);
  return fields;
}

function addField(fields: FormFields, name: string, value: string): void {
  const earlier = fields[name];
  fields[name] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
}

function parseMultipart(headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<FormFields> {
  return new Promise((resolve, reject) => {
    // Keys come from the client: no prototype to pollute.
    const fields: FormFields = Object.create(null);
    const fail = (statusCode: number, message: string) => reject(httpError(statusCode, message));
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({
        headers: headers as { 'content-type': string },
        limits: { fields: 20, parts: 20, fieldNameSize: 100, fieldSize: PAGE_BODY_LIMIT, headerPairs: 20 },
      });
    } catch {
      return fail(400, 'The form could not be read: its multipart boundary is missing.');
    }
    parser.on('field', (name, value) => addField(fields, name, value));
    parser.on('file', (_name, stream) => stream.resume());
    for (const limit of ['partsLimit', 'fieldsLimit'] as const) {
      parser.on(limit, () => fail(413, 'The form has too many parts.'));
    }
    parser.on('error', () => fail(400, 'The form could not be read.'));
    parser.on('finish', () => resolve(fields));
    parser.end(body);
  });
}
