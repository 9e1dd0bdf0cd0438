/**
 * The import rate: 1,000 MP3 files (one LAME encode of a 30 s tone at 128 kbit/s, copied and
 * retagged with id3v2 into 100 albums of 10 tracks; made once under bench/.data) imported into an
 * empty catalog of a fresh database, then imported again (every file unchanged: what a resumed
 * import pays for the files it already has). Files per second, and per-file p50/p99.
 * Needs Debian's lame, sox and id3v2.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openOrm } from '../src/database/orm.ts';
import { projectRoot } from '../src/paths.ts';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { type BenchResult, benchDatabase, quantile } from './support.ts';

const FILES = 1_000;
const PER_ALBUM = 10;
const dataDir = path.join(projectRoot, 'bench', '.data', 'import');
const folder = path.join(dataDir, `files-${FILES}`);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.error}`);
}

function ensureFiles(): void {
  if (existsSync(path.join(folder, '.complete'))) return;
  process.stderr.write(`making ${FILES} MP3 files in ${folder}…\n`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const wav = path.join(dataDir, 'tone.wav');
  const mp3 = path.join(dataDir, 'tone.mp3');
  run('sox', ['-n', '-r', '44100', '-c', '2', wav, 'synth', '30', 'sine', '440', 'vol', '0.5']);
  run('lame', ['--quiet', '-b', '128', wav, mp3]);
  for (let i = 0; i < FILES; i++) {
    const album = Math.floor(i / PER_ALBUM) + 1;
    const dir = path.join(folder, `Artist ${album % 37}`, `Album ${album}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${String((i % PER_ALBUM) + 1).padStart(2, '0')} Track.mp3`);
    copyFileSync(mp3, file);
    run('id3v2', [
      ...['-a', `Artist ${album % 37}`, '-A', `Album ${album}`, '-t', `Track ${i + 1}`],
      ...['-T', String((i % PER_ALBUM) + 1), '-y', String(1970 + (album % 50)), '-g', '17', file],
    ]);
  }
  writeFileSync(path.join(folder, '.complete'), '');
}

export async function importBench(): Promise<BenchResult[]> {
  ensureFiles();
  const name = `mixx_bench_import_${Date.now()}`;
  const url = await benchDatabase(name);
  const orm = await openOrm({ url });
  const media = path.join(dataDir, `media-${Date.now()}`);
  const db = new pg.Client({ connectionString: url });
  try {
    await orm.getMigrator().up();
    await db.connect();
    const pass = async (label: string) => {
      const times: number[] = [];
      let last = performance.now();
      const started = last;
      const summary = await importFolder({
        folder,
        mediaDir: media,
        db,
        onFile: () => {
          const now = performance.now();
          times.push(now - last);
          last = now;
        },
      });
      const seconds = (performance.now() - started) / 1000;
      times.sort((a, b) => a - b);
      const done = summary.added + summary.unchanged + summary.updated;
      if (done !== FILES) throw new Error(`${label}: ${done} of ${FILES} files imported`);
      return { name: label, rps: FILES / seconds, p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
    };
    const first = await pass(`import ${FILES} MP3s (30 s, 128 kbit/s) into an empty catalog, files/s`);
    const again = await pass(`import them again, all unchanged (a resumed import), files/s`);
    return [first, again];
  } finally {
    await db.end().catch(() => {});
    await orm.close(true);
    rmSync(media, { recursive: true, force: true });
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => client.end());
  }
}
