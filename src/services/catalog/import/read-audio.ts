import path from 'node:path';
import { type IAudioMetadata, parseFile } from 'music-metadata';
import { type Cover, pickEmbeddedCover } from './covers.ts';
import { NotMpegAudio, scanMpegAudio } from './mpeg-frames.ts';
import { cleanText } from './names.ts';

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
  picture: Cover | null;
  /** What the import summary should tell about a file it imported all the same. */
  warnings: Note[];
};

/** A reason, which the summary groups files by, and what is particular to one file. */
export type Note = { reason: string; detail?: string };

/** Why a file is not imported; the summary lists it with this reason. */
export class SkipFile extends Error {
  override name = 'SkipFile';
  constructor(
    reason: string,
    readonly detail?: string,
  ) {
    super(reason);
  }
}

const UNKNOWN_ARTIST = 'Unknown Artist';
const MAX_GENRES = 8;

const inRange = (n: number | null | undefined, min: number, max: number) =>
  n != null && Number.isInteger(n) && n >= min && n <= max ? n : null;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Reads an MP3: its length and bitrate from its frames (see mpeg-frames.ts), its tags with
 * music-metadata. A file no decoder can play is a SkipFile with the reason; unreadable tags on
 * playable audio only cost the tags (the file is imported under its file name, with a warning).
 */
export async function readAudio(file: string): Promise<AudioInfo> {
  let scan: Awaited<ReturnType<typeof scanMpegAudio>>;
  try {
    scan = await scanMpegAudio(file);
  } catch (error) {
    if (error instanceof NotMpegAudio) throw new SkipFile(error.message, error.detail);
    throw error;
  }
  const warnings: Note[] = [];
  if (scan.truncated) {
    warnings.push({
      reason: 'cut short (imported with the length it plays)',
      detail:
        scan.truncated.announcedMs == null
          ? `plays ${seconds(scan.durationMs)}, its last frame is incomplete`
          : `plays ${seconds(scan.durationMs)} of the ${seconds(scan.truncated.announcedMs)} its header announces`,
    });
  }
  let metadata: IAudioMetadata | null = null;
  try {
    metadata = await parseFile(file, { duration: false, skipCovers: false });
  } catch (error) {
    warnings.push({
      reason: 'unreadable tags (imported under its file name)',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const common = metadata?.common;
  const artist = cleanText(legacyText(metadata, 'TPE1', 'TP1') ?? common?.artist ?? common?.artists?.[0]);
  const releaseArtist = cleanText(legacyText(metadata, 'TPE2', 'TP2') ?? common?.albumartist ?? userText(metadata, ALBUM_ARTIST));
  const genres = new Map<string, string>();
  for (const raw of common?.genre ?? []) {
    for (const part of raw.split('\0').flatMap((value) => value.split(';'))) {
      const name = cleanText(part);
      if (name && genres.size < MAX_GENRES && !genres.has(name.toLowerCase())) genres.set(name.toLowerCase(), name);
    }
  }
  return {
    title: cleanText(common?.title) ?? cleanText(path.basename(file, path.extname(file))) ?? 'Untitled',
    artist: artist ?? releaseArtist ?? UNKNOWN_ARTIST,
    releaseArtist: releaseArtist ?? artist ?? UNKNOWN_ARTIST,
    release: cleanText(common?.album),
    year: inRange(common?.year, 1000, 9999),
    trackNumber: inRange(common?.track?.no, 1, 32767),
    discNumber: inRange(common?.disk?.no, 1, 32767),
    genres: [...genres.values()],
    durationMs: scan.durationMs,
    bitrateKbps: scan.bitrateKbps,
    picture: pickEmbeddedCover(common?.picture),
    warnings,
  };
}

/**
 * An ID3v2.2/2.3 artist frame as written. music-metadata splits these at "/" (the 2.3 spec's
 * separator), which makes "AC/DC" an artist "AC"; iTunes, Windows and most taggers write one name
 * there, so the text is put back together. A NUL-separated list (not 2.3, but Mp3tag and others
 * write it) is a list: its first name is the artist, as with ID3v2.4's lists.
 */
function legacyText(metadata: IAudioMetadata | null, v23: string, v22: string): string | null {
  for (const [version, id] of [
    ['ID3v2.3', v23],
    ['ID3v2.2', v22],
  ] as const) {
    const values = (metadata?.native[version] ?? []).filter((t) => t.id === id).map((t) => String(t.value));
    if (values.length === 0) continue;
    const isList = metadata?.quality.warnings.some((w) => w.message.includes(`${id} uses non standard null-separator`));
    return isList ? values[0] : values.join('/');
  }
  return null;
}

/** foobar2000 and some others write the album artist as a user text frame. */
const ALBUM_ARTIST = /^TXXX:(album ?artist|album_artist)$/i;

function userText(metadata: IAudioMetadata | null, id: RegExp): string | null {
  for (const tags of Object.values(metadata?.native ?? {})) {
    const values = tags.filter((t) => id.test(t.id)).map((t) => String(t.value));
    // ID3v2.3 user text is split at "/" by music-metadata too.
    if (values.length) return values.join('/');
  }
  return null;
}
