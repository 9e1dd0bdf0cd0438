import type { IPicture } from 'music-metadata';

/** Larger pictures are left out: a cover is served to every visitor of a release page. */
export const MAX_COVER_BYTES = 20 * 1024 * 1024;

export type Cover = { data: Uint8Array; extension: '.jpg' | '.png' | '.webp' };

/** The picture's format by its first bytes: taggers' MIME types are often wrong ("image/jpg" on a PNG). */
export function imageExtension(bytes: Uint8Array): Cover['extension'] | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return '.jpg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return '.png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return '.webp';
  return null;
}

export function asCover(data: Uint8Array): Cover | null {
  const extension = data.length <= MAX_COVER_BYTES ? imageExtension(data) : null;
  return extension ? { data, extension } : null;
}

/**
 * The release's picture among a file's embedded ones: the front cover (APIC type 3), else "other"
 * (type 0, what many taggers write for any picture), else the first. A back cover or a booklet
 * page listed first is not taken for the front.
 */
export function pickEmbeddedCover(pictures: readonly IPicture[] | undefined): Cover | null {
  const usable = (pictures ?? []).map((p) => ({ type: p.type, cover: asCover(p.data) })).filter((p) => p.cover != null);
  const chosen = usable.find((p) => p.type === 'Cover (front)') ?? usable.find((p) => p.type === 'Other') ?? usable[0];
  return chosen?.cover ?? null;
}

/** Pictures beside the files that players take for the folder's cover, best first. */
const FOLDER_COVER_NAMES = ['cover', 'folder', 'front', 'albumart'].flatMap((stem) =>
  ['.jpg', '.jpeg', '.png', '.webp'].map((ext) => `${stem}${ext}`),
);

/** The folder of a `/`-separated relative path ('' for the top). */
export const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');

/**
 * For each folder with MP3 files (a `/`-separated relative path, '' for the top), the relative path
 * of its cover picture among `files`, by the names Navidrome and Funkwhale look for, case ignored.
 */
export function folderCovers(files: readonly string[]): Map<string, string> {
  const withMusic = new Set(files.filter((file) => /\.mp3$/i.test(file)).map(folderOf));
  const best = new Map<string, { rank: number; file: string }>();
  for (const file of files) {
    const rank = FOLDER_COVER_NAMES.indexOf(file.slice(file.lastIndexOf('/') + 1).toLowerCase());
    const folder = folderOf(file);
    if (rank < 0 || !withMusic.has(folder)) continue;
    const current = best.get(folder);
    if (!current || rank < current.rank) best.set(folder, { rank, file });
  }
  return new Map([...best].map(([folder, { file }]) => [folder, file]));
}
