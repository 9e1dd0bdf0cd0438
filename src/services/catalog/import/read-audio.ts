import path from 'node:path';
import { parseFile } from 'music-metadata';

/** What the catalog takes from a file's tags and audio stream. */
export type AudioInfo = {
  title: string;
  artist: string;
  releaseArtist: string;
  release: string | null;
  year: number | null;
  trackNumber: number | null;
  discNumber: number | null;
  genres: string[];
  durationMs: number;
  bitrateKbps: number | null;
  picture: { data: Uint8Array; extension: string } | null;
};

/** Why a file is not imported; the summary lists it with this reason. */
export class SkipFile extends Error {
  override name = 'SkipFile';
}

const UNKNOWN_ARTIST = 'Unknown Artist';
const MAX_TEXT = 300;
const MAX_GENRES = 8;

/** Tag text as the catalog keeps it: no control characters, no surrounding or repeated spaces, bounded. */
function clean(text: string | undefined | null): string | null {
  if (text == null) return null;
  let printable = '';
  for (const char of text) printable += char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127 ? ' ' : char;
  const cleaned = printable.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT).trim();
  return cleaned || null;
}

const inRange = (n: number | null | undefined, min: number, max: number) =>
  n != null && Number.isInteger(n) && n >= min && n <= max ? n : null;

const PICTURE_TYPES: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/jpg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
};

/**
 * Reads an MP3's tags, duration and bitrate. Anything that is not MPEG layer 3 audio with a
 * duration, or whose tags cannot be parsed, is a SkipFile with the reason.
 */
export async function readAudio(file: string): Promise<AudioInfo> {
  let metadata: Awaited<ReturnType<typeof parseFile>>;
  try {
    metadata = await parseFile(file, { duration: false, skipCovers: false });
  } catch (error) {
    throw new SkipFile(`unreadable tags or audio (${error instanceof Error ? error.message : String(error)})`);
  }
  const { format, common } = metadata;
  if (format.container !== 'MPEG' || !format.codec?.includes('Layer 3')) {
    throw new SkipFile('not an MP3 (no MPEG layer 3 audio found)');
  }
  if (!format.duration || !Number.isFinite(format.duration) || format.duration <= 0) {
    throw new SkipFile('not an MP3 (no playable audio frames)');
  }
  const artist = clean(common.artist) ?? clean(common.artists?.[0]) ?? clean(common.albumartist) ?? UNKNOWN_ARTIST;
  const genres = new Map<string, string>();
  for (const raw of common.genre ?? []) {
    for (const part of raw.split('\0').flatMap((value) => value.split(';'))) {
      const name = clean(part);
      if (name && genres.size < MAX_GENRES && !genres.has(name.toLowerCase())) genres.set(name.toLowerCase(), name);
    }
  }
  const picture = common.picture?.find((p) => PICTURE_TYPES[p.format.toLowerCase()]);
  return {
    title: clean(common.title) ?? clean(path.basename(file, path.extname(file))) ?? 'Untitled',
    artist,
    releaseArtist: clean(common.albumartist) ?? artist,
    release: clean(common.album),
    year: inRange(common.year, 1000, 9999),
    trackNumber: inRange(common.track?.no, 1, 32767),
    discNumber: inRange(common.disk?.no, 1, 32767),
    genres: [...genres.values()],
    durationMs: Math.round(format.duration * 1000),
    bitrateKbps: format.bitrate ? Math.round(format.bitrate / 1000) : null,
    picture: picture ? { data: picture.data, extension: PICTURE_TYPES[picture.format.toLowerCase()] } : null,
  };
}
