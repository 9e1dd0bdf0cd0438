/**
 * npm run catalog:import -- <folder>
 * Imports the MP3 files under <folder> into the catalog of the server's database (DATABASE_URL or
 * the embedded one under MIXX_DATA_DIR), copying them into media storage.
 * Exit 0: the folder was read (skipped files are listed). Exit 1: it could not be read at all.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { ImportFolderError, type ImportSummary, importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { openServerDatabase } from './lib/open-database.ts';

const usage = 'usage: npm run catalog:import -- <folder>';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function printSummary(s: ImportSummary): void {
  const seconds = (s.durationMs / 1000).toFixed(1);
  process.stdout.write(
    `Imported ${s.folder}: ${s.files} files, ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped.length} skipped (${seconds} s)\n`,
  );
  if (s.skipped.length) {
    process.stdout.write('Skipped:\n');
    for (const file of s.skipped) process.stdout.write(`  ${file.path}: ${file.reason}\n`);
  }
}

let folder: string;
try {
  const { positionals } = parseArgs({ allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) fail(usage);
  folder = positionals[0];
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
  format: 'importing [{bar}] {value}/{total} {file}',
  hideCursor: true,
  clearOnComplete: true,
});
try {
  await client.connect();
  const summary = await importFolder({
    folder,
    mediaDir: mediaDirOf(config),
    db: client,
    onStart: (total) => bar.start(total, 0, { file: '' }),
    onFile: (done, file) => bar.update(done, { file: file.length > 40 ? `…${file.slice(-39)}` : file }),
  });
  bar.stop();
  printSummary(summary);
} catch (error) {
  bar.stop();
  process.stderr.write(`${error instanceof ImportFolderError ? error.message : `import failed: ${(error as Error).message}`}\n`);
  exitCode = 1;
} finally {
  await client.end().catch(() => {});
  await database.close();
}
process.exit(exitCode);
