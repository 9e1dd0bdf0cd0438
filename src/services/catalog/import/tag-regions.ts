import type { FileHandle } from 'node:fs/promises';

/** A file no MP3 decoder can play; the message says why, for the import summary. */
export class NotMpegAudio extends Error {
  override name = 'NotMpegAudio';
  /** What is particular to this file (the reason, in `message`, is what files are grouped by). */
  constructor(
    reason: string,
    readonly detail?: string,
  ) {
    super(reason);
  }
}

/** The bytes of a file between its leading ID3v2 tags and its trailing tags: where frames may be. */
export type AudioRegion = { start: number; end: number };

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(Math.max(0, length));
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, position);
  return bytes.subarray(0, bytesRead);
}

const syncsafe = (b: Buffer, at: number) => (b[at] << 21) | (b[at + 1] << 14) | (b[at + 2] << 7) | b[at + 3];

/**
 * Leading ID3v2 tags (several may follow one another) and trailing APEv1/v2, Lyrics3 v1/v2, ID3v1
 * (with its "TAG+" extension) and appended ID3v2 tags, in whatever order taggers stacked them
 * (foobar2000 writes APEv2 then ID3v1). Left in, their bytes would be counted as audio.
 */
export async function audioRegion(handle: FileHandle): Promise<AudioRegion> {
  const { size } = await handle.stat();
  let start = 0;
  for (;;) {
    const head = await readAt(handle, start, 10);
    if (
      head.length < 10 ||
      head.toString('latin1', 0, 3) !== 'ID3' ||
      head[3] === 0xff ||
      (head[6] | head[7] | head[8] | head[9]) & 0x80
    )
      break;
    const length = 10 + syncsafe(head, 6) + (head[5] & 0x10 ? 10 : 0);
    if (start + length > size) {
      throw new NotMpegAudio(
        'unreadable tags or audio (an ID3v2 tag longer than the file: no audio is left)',
        `the tag claims ${start + length} bytes, the file has ${size}`,
      );
    }
    start += length;
  }
  let end = size;
  for (let changed = true; changed && end > start; ) {
    changed = false;
    const tail = await readAt(handle, Math.max(start, end - 32), Math.min(32, end - start));
    const text = tail.toString('latin1');
    if (end - start >= 128 && (await readAt(handle, end - 128, 3)).toString('latin1') === 'TAG') {
      end -= 128;
      if (end - start >= 227 && (await readAt(handle, end - 227, 4)).toString('latin1') === 'TAG+') end -= 227;
      changed = true;
    } else if (tail.length === 32 && text.startsWith('APETAGEX')) {
      const tagSize = tail.readUInt32LE(12);
      const hasHeader = tail.readUInt32LE(20) & 0x80000000 && tail.readUInt32LE(8) >= 2000;
      const length = tagSize + (hasHeader ? 32 : 0);
      if (length < 32 || length > end - start) break;
      end -= length;
      changed = true;
    } else if (text.endsWith('LYRICS200')) {
      const length = Number(text.slice(-15, -9));
      if (!Number.isInteger(length) || length + 15 > end - start) break;
      end -= length + 15;
      changed = true;
    } else if (text.endsWith('LYRICSEND')) {
      // Lyrics3 v1: at most 5100 bytes of lyrics between LYRICSBEGIN and LYRICSEND.
      const from = Math.max(start, end - 5120);
      const begin = (await readAt(handle, from, end - from)).lastIndexOf('LYRICSBEGIN');
      if (begin < 0) break;
      end = from + begin;
      changed = true;
    } else if (tail.length >= 10 && text.slice(-10, -7) === '3DI') {
      const footer = tail.subarray(tail.length - 10);
      const length = 20 + syncsafe(footer, 6);
      if (length > end - start) break;
      end -= length;
      changed = true;
    }
  }
  return { start, end };
}

/** Other audio containers, by their first bytes: their frames are not MP3 frames. */
const MAGIC: [string, (b: Buffer) => boolean][] = [
  ['a WAV (RIFF) file', (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE'],
  ['an AIFF file', (b) => b.toString('latin1', 0, 4) === 'FORM' && b.toString('latin1', 8, 11) === 'AIF'],
  ['a FLAC file', (b) => b.toString('latin1', 0, 4) === 'fLaC'],
  ['an Ogg file (Vorbis or Opus)', (b) => b.toString('latin1', 0, 4) === 'OggS'],
  ['an MP4 file (AAC or ALAC)', (b) => b.toString('latin1', 4, 8) === 'ftyp'],
  ['a WMA (ASF) file', (b) => b.readUInt32BE(0) === 0x3026b275],
  ["a Monkey's Audio file", (b) => b.toString('latin1', 0, 4) === 'MAC '],
  ['a WavPack file', (b) => b.toString('latin1', 0, 4) === 'wvpk'],
  ['an AAC (ADTS) file', (b) => b[0] === 0xff && (b[1] & 0xf6) === 0xf0],
];

/** The kind of file a non-MP3 at `start` is, when its first bytes tell, for a clear reason. */
export async function sniffContainer(handle: FileHandle, start: number): Promise<string | null> {
  const head = await readAt(handle, start, 12);
  if (head.length < 12) return null;
  return MAGIC.find(([, test]) => test(head))?.[0] ?? null;
}
