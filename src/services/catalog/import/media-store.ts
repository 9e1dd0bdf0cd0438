import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type StoredFile = { storageKey: string; sha256: string; sizeBytes: number };

/** Media storage on local disk: `$MIXX_DATA_DIR/media`. */
export function mediaDirOf(config: { dataDir: string }): string {
  return path.join(config.dataDir, 'media');
}

/** Where a content-addressed object lives: `ab/abcdef….mp3` under the media folder. */
export function storageKeyOf(sha256: string, extension: string, prefix = ''): string {
  return path.posix.join(prefix, sha256.slice(0, 2), `${sha256}${extension}`);
}

const COVER_NAME = /^[0-9a-f]{64}\.(jpg|png|webp)$/;

/** The public path of a stored cover: `/covers/<sha256>.<ext>` (content-addressed, so immutable). */
export function coverPathOf(storageKey: string): string {
  return `/covers/${path.posix.basename(storageKey)}`;
}

/** The storage key behind a cover's public name, or null for a name no cover can have. */
export function coverStorageKey(name: string): string | null {
  return COVER_NAME.test(name) ? storageKeyOf(name.slice(0, 64), name.slice(64), 'covers') : null;
}

export function mediaPath(mediaDir: string, storageKey: string): string {
  return path.join(mediaDir, ...storageKey.split('/'));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Copies a file into media storage, named by the sha256 of its bytes, hashing while it streams (a
 * file is never held in memory whole). The copy goes to a temporary name and is renamed into place,
 * so a stored object is always complete; identical content is stored once.
 */
export async function storeFile(mediaDir: string, source: string, extension: string): Promise<StoredFile> {
  const tmpDir = path.join(mediaDir, '.tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, randomBytes(8).toString('hex'));
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), hasher, createWriteStream(tmp, { mode: 0o644 }));
    const sha256 = hash.digest('hex');
    const storageKey = storageKeyOf(sha256, extension);
    const target = mediaPath(mediaDir, storageKey);
    if (await exists(target)) {
      await unlink(tmp);
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(tmp, target);
    }
    return { storageKey, sha256, sizeBytes };
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
}

/** Small objects (cover pictures) that are already in memory. */
export async function storeBytes(mediaDir: string, bytes: Uint8Array, extension: string, prefix: string): Promise<StoredFile> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const storageKey = storageKeyOf(sha256, extension, prefix);
  const target = mediaPath(mediaDir, storageKey);
  if (!(await exists(target))) {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o644 });
    await rename(tmp, target);
  }
  return { storageKey, sha256, sizeBytes: bytes.length };
}
