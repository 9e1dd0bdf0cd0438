import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.ts';
import codegenConfig from '../web/codegen.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

const dist = path.join(projectRoot, 'web', 'dist');
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the web app', () => {
  it('has its typed documents generated from the committed SDL and checked in (npm run web:codegen)', async () => {
    const outputs: { filename: string; content: string }[] = await generate(
      { ...codegenConfig, cwd: projectRoot, silent: true },
      false,
    );
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(path.resolve(projectRoot, output.filename), 'utf8');
      expect(committed, `${output.filename} is stale: run npm run web:codegen`).toBe(output.content);
    }
    const files = readdirSync(path.join(projectRoot, 'web', 'src', 'gql')).sort();
    expect(files).toEqual(outputs.map((o) => path.basename(o.filename)).sort());
  });

  it('loads its first page with under 200 KB of JavaScript (gzip)', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    const bytes = scripts.map((s) => gzipSync(readFileSync(path.join(dist, s)), { level: 9 }).length);
    const total = bytes.reduce((a, b) => a + b, 0);
    process.stderr.write(`web app first page: ${scripts.length} scripts, ${(total / 1024).toFixed(1)} KB gzip\n`);
    expect(total).toBeLessThan(200 * 1024);
  });
});

describe('serving the web app and GraphiQL', () => {
  let mixx: TestMixx;
  beforeAll(async () => {
    mixx = await startTestMixx({ withAdmin: false });
  });
  afterAll(() => mixx?.close());
  const get = (url: string, headers: Record<string, string> = { accept: BROWSER }) =>
    fetch(`${mixx.url}${url}`, { headers, redirect: 'manual' });

  it('sends index.html, revalidated on each load, for / and for browser pages outside the other rows of the HTTP table', async () => {
    const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
    for (const url of ['/', '/search?q=metalica', '/artists/QXJ0aXN0OjE', '/account', '/anything/at/all']) {
      const response = await get(url);
      expect([url, response.status, response.headers.get('cache-control')]).toEqual([url, 200, 'no-cache']);
      expect(await response.text()).toBe(index);
    }
    // curl and other clients that ask for anything still get the page at /.
    expect((await get('/', {})).status).toBe(200);
  });

  it('never sends the page for the admin, the API, the e-mail pages, downloads, covers or its own missing assets', async () => {
    const paths = [
      '/admin',
      '/admin/login',
      '/api/users',
      '/_next/static/x.js',
      '/graphql/x',
      '/oauth/authorize',
      '/.well-known/jwks.json',
      '/webhooks/stripe',
      '/downloads/a/b',
      '/covers/x/y',
      '/verify-email/x',
      '/unsubscribe/x',
      '/healthz/x',
      '/assets/missing.js',
      '/%61dmin',
      '/ADMIN',
    ];
    for (const url of paths) {
      const response = await get(url);
      // Their own routes answer (downloads: 403 for a malformed ticket; the JWKS its keys), or nothing does.
      const isOwnAnswer =
        url === '/.well-known/jwks.json' ? response.status === 200 : response.status >= 400 && response.status < 500;
      expect([url, isOwnAnswer]).toEqual([url, true]);
      expect(response.headers.get('content-type')).not.toMatch(/text\/html/);
    }
    // Only GET and HEAD, and only for a browser page.
    expect((await fetch(`${mixx.url}/account`, { method: 'POST', headers: { accept: BROWSER } })).status).toBe(404);
    expect((await get('/account', { accept: 'application/json' })).status).toBe(404);
    // No way out of the assets folder.
    for (const url of ['/assets/..%2findex.html', '/assets/..%2f..%2f..%2fpackage.json', '/assets/..%5c..%5cpackage.json']) {
      const response = await get(url);
      expect([url, [403, 404].includes(response.status)]).toEqual([url, true]);
    }
  });

  it('serves hashed assets for a year, gzipped for clients that take it', async () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const script = html.match(/src="(\/assets\/app-[^"]+\.js)"/)?.[1] as string;
    const plain = await get(script, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toMatch(/javascript/);
    const body = Buffer.from(await plain.arrayBuffer());
    expect(body.equals(readFileSync(path.join(dist, script)))).toBe(true);
    const zipped = await get(script, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    // fetch unzips: the same bytes arrive.
    expect(Buffer.from(await zipped.arrayBuffer()).equals(body)).toBe(true);
  });

  it('shows GraphiQL to a browser at GET /graphql, from its own files, introspecting in development', async () => {
    const page = await get('/graphql');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script type="application/json" id="mixx-graphiql-options">{}</script>');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.every((a) => a.startsWith('/assets/'))).toBe(true);
    // API clients still get the API.
    const api = await get('/graphql?query=%7B__typename%7D', { accept: 'application/json', 'apollo-require-preflight': '1' });
    expect(await api.json()).toMatchObject({ data: { __typename: 'Query' } });
  });
});

describe('GraphiQL in production', () => {
  const env = { MIXX_ENV: 'production' };
  it('is off unless MIXX_GRAPHIQL=true, and Apollo shows no landing page of its own', async () => {
    const mixx = await startTestMixx({ withAdmin: false, env });
    try {
      const response = await fetch(`${mixx.url}/graphql`, { headers: { accept: BROWSER } });
      expect(response.status).toBe(400);
      const body = await response.text();
      expect(body).not.toMatch(/graphiql|apollographql|embeddable|cdn/i);
    } finally {
      await mixx.close();
    }
  });

  it('with MIXX_GRAPHIQL=true, carries the committed SDL while introspection stays off', async () => {
    const mixx = await startTestMixx({ withAdmin: false, env: { ...env, MIXX_GRAPHIQL: 'true' } });
    try {
      const html = await (await fetch(`${mixx.url}/graphql`, { headers: { accept: BROWSER } })).text();
      const options = JSON.parse(html.match(/id="mixx-graphiql-options">(.*?)<\/script>/s)?.[1] as string);
      expect(options.sdl).toBe(readFileSync(path.join(projectRoot, 'src', 'schema', 'schema.graphql'), 'utf8'));
      expect(html).not.toMatch(/<\/script[^>]*>[^<]*type Query/);
      const introspection = await mixx.gql('{ __schema { queryType { name } } }');
      expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await mixx.close();
    }
  });
});
