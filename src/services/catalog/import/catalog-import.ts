import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CatalogWriter, type Queryable } from './catalog-writer.ts';
import { mediaPath, storeBytes, storeFile } from './media-store.ts';
import { readAudio, SkipFile } from './read-audio.ts';

/** Serialises imports (a CLI run and a server's demo import) on one database. */
const IMPORT_LOCK = 7_301_955_005;

export type SkippedFile = { path: string; reason: string };

export type ImportSummary = {
  folder: string;
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  skipped: SkippedFile[];
  durationMs: number;
};

/** The folder itself could not be read: nothing was imported. */
export class ImportFolderError extends Error {
  override name = 'ImportFolderError';
}

export type ImportOptions = {
  folder: string;
  /** `$MIXX_DATA_DIR/media`. */
  mediaDir: string;
  /** A connection of the import's own: each file is one transaction on it. */
  db: Queryable;
  onStart?: (total: number) => void;
  onFile?: (done: number, relativePath: string) => void;
};

/**
 * Imports every MP3 under a folder. A track is keyed by its file's path relative to the folder, so
 * that a re-run changes nothing and a changed file updates its track; a file whose size and
 * modification time are as recorded (and whose stored copy exists) is not even read again.
 * Files that are not MP3s, or whose tags are broken, are skipped and listed, never fatal.
 */
export async function importFolder(opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const folder = path.resolve(opts.folder);
  const skipped: SkippedFile[] = [];
  const files = await listFiles(folder, skipped);
  const summary: ImportSummary = { folder, files: files.length, added: 0, updated: 0, unchanged: 0, skipped, durationMs: 0 };
  const writer = new CatalogWriter(opts.db);
  opts.onStart?.(files.length);
  await opts.db.query('SELECT pg_advisory_lock($1)', [IMPORT_LOCK]);
  try {
    let done = 0;
    for (const relativePath of files) {
      try {
        const outcome = await importFile({ folder, relativePath, mediaDir: opts.mediaDir, writer });
        summary[outcome]++;
      } catch (error) {
        if (!(error instanceof SkipFile) && !isFileError(error)) throw error;
        skipped.push({
          path: relativePath,
          reason: error instanceof SkipFile ? error.message : `unreadable (${(error as Error).message})`,
        });
      }
      opts.onFile?.(++done, relativePath);
    }
  } finally {
    await opts.db.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK]).catch(() => {});
  }
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  summary.durationMs = Date.now() - started;
  return summary;
}

async function importFile(opts: {
  folder: string;
  relativePath: string;
  mediaDir: string;
  writer: CatalogWriter;
}): Promise<'added' | 'updated' | 'unchanged'> {
  const { relativePath, mediaDir, writer } = opts;
  if (!/\.mp3$/i.test(relativePath)) throw new SkipFile('not an MP3 file');
  const file = path.join(opts.folder, ...relativePath.split('/'));
  const info = await stat(file);
  const recorded = await writer.recordedSource(relativePath);
  if (recorded && recorded.size === info.size && recorded.mtimeMs === Math.trunc(info.mtimeMs)) {
    if (
      await stat(mediaPath(mediaDir, recorded.storageKey)).then(
        () => true,
        () => false,
      )
    )
      return 'unchanged';
  }
  const audio = await readAudio(file);
  const stored = await storeFile(mediaDir, file, '.mp3');
  const cover = audio.picture ? await storeBytes(mediaDir, audio.picture.data, audio.picture.extension, 'covers') : null;
  return writer.writeTrack({
    sourcePath: relativePath,
    info: audio,
    stored,
    coverKey: cover?.storageKey ?? null,
    sourceSize: info.size,
    sourceMtimeMs: info.mtimeMs,
  });
}

/** Every file under the folder as a `/`-separated relative path, sorted; hidden entries are left out. */
async function listFiles(folder: string, skipped: SkippedFile[]): Promise<string[]> {
  try {
    if (!(await stat(folder)).isDirectory()) throw new ImportFolderError(`${folder} is not a folder`);
  } catch (error) {
    if (error instanceof ImportFolderError) throw error;
    throw new ImportFolderError(`cannot read ${folder}: ${(error as Error).message}`);
  }
  const files: string[] = [];
  const walk = async (relative: string, isRoot: boolean): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(path.join(folder, relative), { withFileTypes: true });
    } catch (error) {
      if (isRoot) throw new ImportFolderError(`cannot read ${folder}: ${(error as Error).message}`);
      skipped.push({ path: `${relative}/`, reason: `unreadable folder (${(error as Error).message})` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child, false);
      else if (entry.isFile()) files.push(child);
      else if (entry.isSymbolicLink()) {
        // Linked files are imported; linked folders are not followed (they may loop).
        const target = await stat(path.join(folder, child)).catch(() => null);
        if (target?.isFile()) files.push(child);
      }
    }
  };
  await walk('', true);
  return files.sort();
}

function isFileError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && ['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'EIO', 'ELOOP'].includes(code);
}
