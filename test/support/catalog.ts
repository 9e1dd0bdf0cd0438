import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import NodeID3 from 'node-id3';
import pg from 'pg';
import { projectRoot } from '../../src/paths.ts';
import { synthesizeMp3 } from '../../src/services/catalog/demo/synth-mp3.ts';

export type Mp3Tags = {
  title?: string;
  artist?: string;
  album?: string;
  year?: number;
  trackNumber?: number;
  genre?: string;
  /** A front cover picture (APIC frame). */
  cover?: { mime: 'image/png' | 'image/jpeg'; bytes: Buffer };
};

let tone = 0;

/** A real, short MP3 (pure-JS encoder) with ID3 tags; each call sounds different. */
export function makeMp3(tags: Mp3Tags): Buffer {
  tone++;
  const audio = synthesizeMp3({ notes: [48 + (tone % 24), 50 + (tone % 24)], noteSeconds: 0.5, timbre: 'organ' });
  const id3: NodeID3.Tags = {};
  if (tags.title) id3.title = tags.title;
  if (tags.artist) id3.artist = tags.artist;
  if (tags.album) id3.album = tags.album;
  if (tags.year) id3.year = String(tags.year);
  if (tags.trackNumber) id3.trackNumber = String(tags.trackNumber);
  if (tags.genre) id3.genre = tags.genre;
  if (tags.cover) {
    id3.image = {
      mime: tags.cover.mime,
      type: { id: 3, name: 'front cover' },
      description: 'Cover',
      imageBuffer: tags.cover.bytes,
    };
  }
  const tagged = NodeID3.write(id3, audio);
  if (!Buffer.isBuffer(tagged)) throw new Error('could not tag the MP3');
  return tagged;
}

export function writeMp3(file: string, tags: Mp3Tags): Buffer {
  mkdirSync(path.dirname(file), { recursive: true });
  const bytes = makeMp3(tags);
  writeFileSync(file, bytes);
  return bytes;
}

export type CommandResult = { code: number | null; stdout: string; stderr: string };

/** `npm run catalog:import -- <folder>` as an operator runs it, with exactly the environment given. */
export function runCatalogImport(folder: string, env: Record<string, string>): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const base: Record<string, string> = {};
    for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[key]) base[key] = process.env[key] as string;
    const child = spawn('npm', ['run', '-s', 'catalog:import', '--', folder], {
      cwd: projectRoot,
      env: { ...base, ...env } as NodeJS.ProcessEnv,
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Counts the SQL statements every node-postgres client of this process sends while `work` runs:
 * the server runs in the test's process, so this sees each of its round trips.
 */
const BACKGROUND =
  /\bpgboss\b|\b(?:member_token|member_session|cookie_preferences|member_device|ledger_node|ledger_checkpoint|oauth_\w*|billing_\w+|legal_disclosure_notice|consent_event)\b|pg_try_advisory/;

export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config?.text ?? String(config));
    // Work of this process that is not the request's: the announcement queue (pg-boss) polling,
    // the start-up purge of stale rows, the ledger's checkpoint timer and its builder's sweep for
    // unindexed entries, the legal notices' job. A loaded machine can let any of them into the
    // window (the builder's sweep did, once in CI).
    if (!BACKGROUND.test(text)) statements.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await work(), statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}
