/**
 * npm run catalog:import -- [--verbose] <folder>
 * Imports the MP3 files under <folder> into the catalog of the server's database (DATABASE_URL or
 * the embedded one under MIXX_DATA_DIR), copying them into media storage. A progress bar (on a
 * terminal) shows files per second; the summary groups skipped files by reason (the first ten of
 * each, every one with --verbose). Ctrl-C stops after the current file: a re-run goes on where it
 * stopped, since imported files are not read again.
 * Exit 0: the folder was read (skipped files are listed). Exit 1: it could not be read at all.
 * Exit 130: interrupted.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { openServerDatabase } from '../src/cli/lib/open-database.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import {
  type FileNote,
  groupByReason,
  ImportFolderError,
  type ImportSummary,
  importFolder,
} from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';

const usage = 'usage: npm run catalog:import -- [--verbose] <folder>';
const SHOWN_PER_REASON = 10;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

function printNotes(title: string, notes: FileNote[], isVerbose: boolean): void {
  if (!notes.length) return;
  process.stdout.write(`${title} ${plural(notes.length, 'file')}, by reason:\n`);
  for (const { reason, notes: group } of groupByReason(notes)) {
    process.stdout.write(`  ${reason}: ${plural(group.length, 'file')}\n`);
    const shown = isVerbose ? group : group.slice(0, SHOWN_PER_REASON);
    for (const note of shown) process.stdout.write(`    ${note.path}${note.detail ? ` (${note.detail})` : ''}\n`);
    if (shown.length < group.length)
      process.stdout.write(`    … and ${group.length - shown.length} more (--verbose lists them)\n`);
  }
}

function printSummary(s: ImportSummary, isVerbose: boolean): void {
  const seconds = s.durationMs / 1000;
  const seen = s.added + s.updated + s.unchanged + s.skipped.length + s.folderCovers;
  const rate = seconds > 0 ? ` at ${(seen / seconds).toFixed(1)} files/s` : '';
  const covers = s.folderCovers ? `, ${plural(s.folderCovers, 'folder cover')}` : '';
  process.stdout.write(
    `Imported ${s.folder}: ${s.files} files, ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped.length} skipped${covers} (${seconds.toFixed(1)} s${rate})\n`,
  );
  printNotes('Skipped', s.skipped, isVerbose);
  printNotes('Imported with warnings:', s.warnings, isVerbose);
  if (s.interrupted) {
    process.stdout.write(
      `Interrupted after ${seen} of ${s.files} files. Run the same command again to go on: the files already imported are not read again.\n`,
    );
  }
}

let folder: string;
let isVerbose = false;
try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: { verbose: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) fail(usage);
  folder = positionals[0];
  isVerbose = values.verbose === true;
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  throw error;
}
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);

let exitCode = 0;
const database = await openServerDatabase(config, log).catch((error) =>
  fail(`cannot open the database: ${(error as Error).message}`),
);
const client = new pg.Client({ connectionString: database.url });
const bar = new SingleBar({
  stream: process.stderr,
  format: 'importing [{bar}] {value}/{total} files · {rate} files/s · {eta_formatted} left · {file}',
  hideCursor: true,
  clearOnComplete: true,
  etaBuffer: 50,
});
// Ctrl-C stops between two files (each is one transaction); a second one stops at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});
try {
  await client.connect();
  let started = 0;
  const summary = await importFolder({
    folder,
    mediaDir: mediaDirOf(config),
    db: client,
    signal: interrupt.signal,
    onStart: (total) => {
      started = performance.now();
      bar.start(total, 0, { file: '', rate: '–' });
    },
    onFile: (done, file) =>
      bar.update(done, {
        file: file.length > 40 ? `…${file.slice(-39)}` : file,
        rate: (done / Math.max(0.001, (performance.now() - started) / 1000)).toFixed(1),
      }),
  });
  bar.stop();
  printSummary(summary, isVerbose);
  if (summary.interrupted) exitCode = 130;
} catch (error) {
  bar.stop();
  process.stderr.write(`${error instanceof ImportFolderError ? error.message : `import failed: ${(error as Error).message}`}\n`);
  exitCode = 1;
} finally {
  await client.end().catch(() => {});
  await database.close();
}
process.exit(exitCode);
