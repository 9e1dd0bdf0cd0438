import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CatalogWriter, type Queryable, type TrackInput } from './catalog-writer.ts';
import { asCover, folderCovers, folderOf, MAX_COVER_BYTES } from './covers.ts';
import { mediaPath, storeBytes, storeFile } from './media-store.ts';
import { type Note, readAudio, SkipFile } from './read-audio.ts';

/** Serialises imports (a CLI run and a server's demo import) on one database. */
const IMPORT_LOCK = 7_301_955_005;

/** A file the summary reports: skipped (with why), or imported with a warning. */
export type FileNote = { path: string; reason: string; detail?: string };

export type ImportSummary = {
  folder: string;
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  skipped: FileNote[];
  /** Imported, but something about them needs a look (cut short, unreadable tags). */
  warnings: FileNote[];
  /** Pictures beside the files (cover.jpg, folder.jpg…) taken as their releases' covers. */
  folderCovers: number;
  /** Stopped by the signal before every file was seen: run again to go on. */
  interrupted: boolean;
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
  /** Stops the import between two files (Ctrl-C): what was imported stays, a re-run goes on. */
  signal?: AbortSignal;
  onStart?: (total: number) => void;
  onFile?: (done: number, relativePath: string) => void;
};

type Recorded = { size: number; mtimeMs: number; storageKey: string };

/**
 * Imports every MP3 under a folder. A track is keyed by its file's path relative to the folder, so
 * that a re-run changes nothing and a changed file updates its track; a file whose size and
 * modification time are as recorded (and whose stored copy exists) is not even read again, which
 * is also what makes an interrupted import resumable. Files no decoder can play are skipped and
 * listed with the reason, never fatal.
 */
export async function importFolder(opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const folder = path.resolve(opts.folder);
  const skipped: FileNote[] = [];
  const files = await listFiles(folder, skipped);
  const covers = folderCovers(files);
  const coverFiles = new Set(covers.values());
  const summary: ImportSummary = {
    folder,
    files: files.length,
    ...{ added: 0, updated: 0, unchanged: 0, skipped, warnings: [], folderCovers: 0, interrupted: false, durationMs: 0 },
  };
  const writer = new CatalogWriter(opts.db);
  const folderCover = new FolderCovers(folder, opts.mediaDir, covers);
  opts.onStart?.(files.length);
  await opts.db.query('SELECT pg_advisory_lock($1)', [IMPORT_LOCK]);
  try {
    const recorded = await recordedSources(opts.db, files);
    const prepare = (relativePath: string): Promise<Prepared> =>
      prepareFile({
        folder,
        relativePath,
        mediaDir: opts.mediaDir,
        recorded,
        folderCover,
        isCover: coverFiles.has(relativePath),
      }).catch((error: unknown) => ({ kind: 'failed', error }));
    // The next file is read and stored while the current one is written: the disk and the
    // database's round trips overlap instead of taking turns.
    let next = files.length ? prepare(files[0]) : null;
    for (let i = 0; i < files.length && next; i++) {
      const relativePath = files[i];
      const prepared = await next;
      if (opts.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      next = i + 1 < files.length ? prepare(files[i + 1]) : null;
      try {
        if (prepared.kind === 'failed') throw prepared.error;
        if (prepared.kind === 'cover') summary.folderCovers++;
        else if (prepared.kind === 'unchanged') summary.unchanged++;
        else {
          summary[await writer.writeTrack(prepared.input)]++;
          for (const note of prepared.warnings) summary.warnings.push({ path: relativePath, ...note });
        }
      } catch (error) {
        if (!(error instanceof SkipFile) && !isFileError(error)) {
          await next?.catch(() => {});
          throw error;
        }
        skipped.push(
          error instanceof SkipFile
            ? { path: relativePath, reason: error.message, detail: error.detail }
            : { path: relativePath, reason: 'unreadable file', detail: (error as Error).message },
        );
      }
      opts.onFile?.(i + 1, relativePath);
    }
    await next?.catch(() => {});
  } finally {
    await opts.db.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK]).catch(() => {});
  }
  for (const list of [skipped, summary.warnings]) list.sort((a, b) => a.path.localeCompare(b.path));
  summary.durationMs = Date.now() - started;
  return summary;
}

/** What earlier imports recorded of these files, in one statement rather than one per file. */
async function recordedSources(db: Queryable, files: string[]): Promise<Map<string, Recorded>> {
  const { rows } = await db.query(
    `SELECT t.source_path AS "path", f.source_size::float8 AS size, f.source_mtime_ms::float8 AS "mtimeMs", f.storage_key AS "storageKey"
       FROM track t JOIN audio_file f ON f.track_id = t.id WHERE t.source_path = ANY($1::text[])`,
    [files],
  );
  return new Map(rows.map((r) => [r.path as string, r as Recorded]));
}

type Prepared =
  | { kind: 'cover' }
  | { kind: 'unchanged' }
  | { kind: 'write'; input: TrackInput; warnings: Note[] }
  | { kind: 'failed'; error: unknown };

/** Everything about a file but its rows: read, checked, stored in media (content-addressed, so idempotent). */
async function prepareFile(opts: {
  folder: string;
  relativePath: string;
  mediaDir: string;
  recorded: Map<string, Recorded>;
  folderCover: FolderCovers;
  isCover: boolean;
}): Promise<Prepared> {
  const { relativePath, mediaDir } = opts;
  if (opts.isCover) return { kind: 'cover' };
  if (!/\.mp3$/i.test(relativePath)) {
    const extension = path.extname(relativePath).toLowerCase();
    throw new SkipFile(extension ? `not an MP3 file (${extension})` : 'not an MP3 file (no extension)');
  }
  const file = path.join(opts.folder, ...relativePath.split('/'));
  const info = await stat(file);
  const recorded = opts.recorded.get(relativePath);
  if (recorded && recorded.size === info.size && recorded.mtimeMs === Math.trunc(info.mtimeMs)) {
    if (
      await stat(mediaPath(mediaDir, recorded.storageKey)).then(
        () => true,
        () => false,
      )
    )
      return { kind: 'unchanged' };
  }
  const audio = await readAudio(file);
  const stored = await storeFile(mediaDir, file, '.mp3');
  const coverKey = audio.picture
    ? (await storeBytes(mediaDir, audio.picture.data, audio.picture.extension, 'covers')).storageKey
    : await opts.folderCover.storageKey(relativePath);
  return {
    kind: 'write',
    input: { sourcePath: relativePath, info: audio, stored, coverKey, sourceSize: info.size, sourceMtimeMs: info.mtimeMs },
    warnings: audio.warnings,
  };
}

/** The folder's cover picture of each file without an embedded one, read and stored once per folder. */
class FolderCovers {
  private readonly stored = new Map<string, Promise<string | null>>();
  constructor(
    private readonly folder: string,
    private readonly mediaDir: string,
    private readonly covers: Map<string, string>,
  ) {}

  storageKey(relativePath: string): Promise<string | null> {
    const picture = this.covers.get(folderOf(relativePath));
    if (!picture) return Promise.resolve(null);
    let key = this.stored.get(picture);
    if (!key) {
      key = this.store(picture);
      this.stored.set(picture, key);
    }
    return key;
  }

  private async store(picture: string): Promise<string | null> {
    const file = path.join(this.folder, ...picture.split('/'));
    const size = await stat(file).then(
      (s) => s.size,
      () => Infinity,
    );
    if (size > MAX_COVER_BYTES) return null;
    const cover = asCover(await readFile(file).catch(() => new Uint8Array()));
    return cover ? (await storeBytes(this.mediaDir, cover.data, cover.extension, 'covers')).storageKey : null;
  }
}

/** Every file under the folder as a `/`-separated relative path, sorted; hidden entries are left out. */
async function listFiles(folder: string, skipped: FileNote[]): Promise<string[]> {
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
      skipped.push({ path: `${relative}/`, reason: 'unreadable folder', detail: (error as Error).message });
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

/** Notes grouped by reason, largest group first: what a person fixes one kind at a time. */
export function groupByReason(notes: readonly FileNote[]): { reason: string; notes: FileNote[] }[] {
  const groups = new Map<string, FileNote[]>();
  for (const note of notes) {
    const group = groups.get(note.reason);
    if (group) group.push(note);
    else groups.set(note.reason, [note]);
  }
  return [...groups].map(([reason, notes]) => ({ reason, notes })).sort((a, b) => b.notes.length - a.notes.length);
}
