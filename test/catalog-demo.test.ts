import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { DEMO_ARTISTS, importDemoCatalogIfEmpty } from '../src/services/catalog/demo/demo-catalog.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

/**
 * The one start-up with the demo catalog on. It needs an empty catalog, so it gets a database of its
 * own (and, as its own test file, a process of its own: Payload keeps one instance per process).
 */
const name = `mixx_demo_${Date.now()}_${randomBytes(3).toString('hex')}`;
const url = new URL(inject('databaseUrl'));
url.pathname = `/${name}`;
const admin = new pg.Client({ connectionString: inject('serverUrl') });
let mixx: TestMixx;
let startMs: number;
const demoTracks = DEMO_ARTISTS.flatMap((a) => a.releases.flatMap((r) => r.tracks)).length;

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const started = Date.now();
  mixx = await startTestMixx({ env: { DATABASE_URL: url.toString(), MIXX_DEMO_CATALOG: 'true' }, withAdmin: false });
  startMs = Date.now() - started;
});
afterAll(async () => {
  const payloadPool = (
    mixx?.payload.db as unknown as { pool?: { on: (event: string, listener: () => void) => void } } | undefined
  )?.pool;
  await mixx?.close();
  // Payload's destroy() leaves its pool open: the forced drop ends its connections, whose errors
  // it would otherwise raise in this process.
  payloadPool?.on('error', () => {});
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe('the demo catalog', () => {
  it('is imported at start-up on an empty catalog, ready to browse and search', async () => {
    const all = await mixx.gql(
      '{ tracks(first: 100) { totalCount edges { node { durationSeconds sizeBytes genres { slug } } } } }',
    );
    expect(all.data.tracks.totalCount).toBe(demoTracks);
    expect(
      all.data.tracks.edges.every((e: any) => e.node.durationSeconds > 0 && e.node.sizeBytes > 0 && e.node.genres.length > 0),
    ).toBe(true);
    const accent = await mixx.gql('{ artists(search: "beyonce") { edges { node { name } } } }');
    expect(accent.data.artists.edges[0].node.name).toBe('Beyoncé Marchetti');
    const typo = await mixx.gql('{ tracks(first: 3, filter: { search: "metalicorn" }) { edges { node { artist { name } } } } }');
    expect(typo.data.tracks.edges.map((e: any) => e.node.artist.name)).toEqual(['Métallicorn', 'Métallicorn', 'Métallicorn']);
    // Every release has a cover of its own, served as a PNG.
    const releases = await mixx.gql('{ releases(first: 100) { edges { node { coverUrl } } } }');
    const covers: string[] = releases.data.releases.edges.map((e: any) => e.node.coverUrl);
    expect(covers.length).toBe(DEMO_ARTISTS.flatMap((a) => a.releases).length);
    expect(covers.every((c) => /\/covers\/[0-9a-f]{64}\.png$/.test(c))).toBe(true);
    expect(new Set(covers).size).toBe(covers.length);
    const cover = await fetch(`${mixx.url}${new URL(covers[0] as string).pathname}`);
    expect(cover.headers.get('content-type')).toBe('image/png');
    const picture = PNG.sync.read(Buffer.from(await cover.arrayBuffer()));
    expect([picture.width, picture.height]).toEqual([300, 300]);
    expect(mixx.logLines().filter((l) => l.msg === 'imported the demo catalog')).toHaveLength(1);
    expect(startMs).toBeLessThan(30_000);
  });

  it('is not imported again once the catalog has tracks', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const config = loadConfig({
      DATABASE_URL: url.toString(),
      MIXX_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mixx-demo-')),
      MIXX_SECRET: 'x'.repeat(40),
    });
    await importDemoCatalogIfEmpty({ config, databaseUrl: url.toString(), log });
    expect(lines).toEqual([]);
    const all = await mixx.gql('{ tracks { totalCount } }');
    expect(all.data.tracks.totalCount).toBe(demoTracks);
  });
});
