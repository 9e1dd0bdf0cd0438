import { type FileHandle, open } from 'node:fs/promises';
import { audioRegion, NotMpegAudio, sniffContainer } from './tag-regions.ts';

export { NotMpegAudio };

/** What the audio frames of an MP3 say, counted, not taken from a header. */
export type MpegScan = {
  /** "MPEG-1", "MPEG-2" or "MPEG-2.5"; always Layer III. */
  version: string;
  sampleRate: number;
  /** The length a decoder plays (FFmpeg's full decode: encoder delay and padding removed). */
  durationMs: number;
  /** Average over the audio frames' bytes, the header frame left out. */
  bitrateKbps: number;
  /** Set when the file ends before its audio does: what its header announced, when it has one. */
  truncated: { announcedMs: number | null } | null;
};

const VERSIONS = ['MPEG-2.5', null, 'MPEG-2', 'MPEG-1'] as const;
const LAYERS = [null, 3, 2, 1] as const;
const SAMPLE_RATES: Record<string, readonly number[]> = {
  'MPEG-1': [44100, 48000, 32000],
  'MPEG-2': [22050, 24000, 16000],
  'MPEG-2.5': [11025, 12000, 8000],
};
// kbit/s by bitrate index (1–14); index 0 is "free format", 15 is invalid.
const BITRATES = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
/** MPEG decoders (mpg123, FFmpeg's) start with this many samples of their own delay. */
const DECODER_DELAY = 529;
/** Three frames' worth of bytes at any bitrate: enough to check that a sync is followed by frames. */
const LOOKAHEAD = 16 * 1024;
const WINDOW = 1024 * 1024;

type Header = {
  version: string;
  layer: number;
  sampleRate: number;
  samples: number;
  length: number;
  isMono: boolean;
};

/** The frame header at `i`, or null when the four bytes are not one. */
function header(b: Uint8Array, i: number): Header | null {
  if (b[i] !== 0xff || (b[i + 1] & 0xe0) !== 0xe0) return null;
  const version = VERSIONS[(b[i + 1] >> 3) & 3];
  const layer = LAYERS[(b[i + 1] >> 1) & 3];
  const bitrateIndex = b[i + 2] >> 4;
  const rateIndex = (b[i + 2] >> 2) & 3;
  if (!version || !layer || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3 || (b[i + 3] & 3) === 2) return null;
  const v1 = version === 'MPEG-1';
  const table =
    layer === 1 ? (v1 ? BITRATES.v1l1 : BITRATES.v2l1) : v1 ? (layer === 2 ? BITRATES.v1l2 : BITRATES.v1l3) : BITRATES.v2l23;
  const bitrate = table[bitrateIndex] * 1000;
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const padding = (b[i + 2] >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && !v1 ? 576 : 1152;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4
      : Math.floor((samples / 8) * (bitrate / sampleRate)) + padding;
  return { version, layer, sampleRate, samples, length, isMono: b[i + 3] >> 6 === 3 };
}

const sameStream = (a: Header, b: Header) => a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;

/** A window of the file's audio region, read a megabyte at a time: memory stays bounded. */
class Window {
  bytes = new Uint8Array(WINDOW + LOOKAHEAD);
  start = 0;
  end = 0;
  constructor(
    private readonly handle: FileHandle,
    readonly regionEnd: number,
  ) {}
  /** Whether [pos, pos + LOOKAHEAD) is readable (as far as the region goes). */
  covers(pos: number): boolean {
    return pos >= this.start && (pos + LOOKAHEAD <= this.end || this.end === this.regionEnd);
  }
  /** Makes [pos, pos + LOOKAHEAD) readable. */
  async cover(pos: number): Promise<void> {
    const length = Math.min(this.bytes.length, this.regionEnd - pos);
    const { bytesRead } = await this.handle.read(this.bytes, 0, length, pos);
    this.start = pos;
    this.end = pos + bytesRead;
  }
  /** The header at file position `pos` if the window holds its four bytes. */
  header(pos: number): Header | null {
    return pos + 4 <= this.end ? header(this.bytes, pos - this.start) : null;
  }
  byte(pos: number): number {
    return this.bytes[pos - this.start];
  }
}

/**
 * Whether `pos` starts a run of frames of one stream: two more frames follow it, or the run reaches
 * the end of the region. One lone header-like byte pattern in junk or in a picture is not a frame.
 */
function startsRun(w: Window, pos: number, like: Header | null): Header | null {
  const first = w.header(pos);
  if (!first || (like && !sameStream(first, like))) return null;
  let at = pos;
  for (let k = 0; k < 3; k++) {
    const h = w.header(at);
    if (!h || !sameStream(h, first)) return null;
    at += h.length;
    if (at >= w.regionEnd) return first;
  }
  return first;
}

type TagFrame = { frames: number | null; delay: number | null; padding: number | null };

/** A Xing/Info (LAME, FFmpeg) or VBRI (Fraunhofer) header frame: no audio, and what it announces. */
function tagFrame(w: Window, pos: number, h: Header): TagFrame | null {
  const sideInfo = h.version === 'MPEG-1' ? (h.isMono ? 17 : 32) : h.isMono ? 9 : 17;
  const text = (at: number, n: number) => String.fromCharCode(...Array.from({ length: n }, (_, k) => w.byte(at + k)));
  const u32 = (at: number) => ((w.byte(at) << 24) | (w.byte(at + 1) << 16) | (w.byte(at + 2) << 8) | w.byte(at + 3)) >>> 0;
  const xing = pos + 4 + sideInfo;
  if (xing + 120 <= w.end && (text(xing, 4) === 'Xing' || text(xing, 4) === 'Info')) {
    const flags = u32(xing + 4);
    let at = xing + 8;
    const frames = flags & 1 ? u32(at) : null;
    at += (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    // The LAME tag (also written by FFmpeg as "Lavf"/"Lavc") carries the encoder delay and padding.
    if (at + 24 <= w.end && ['LAME', 'Lavf', 'Lavc'].includes(text(at, 4))) {
      const d = at + 21;
      return { frames, delay: (w.byte(d) << 4) | (w.byte(d + 1) >> 4), padding: ((w.byte(d + 1) & 0x0f) << 8) | w.byte(d + 2) };
    }
    return { frames, delay: null, padding: null };
  }
  const vbri = pos + 36;
  if (vbri + 18 <= w.end && text(vbri, 4) === 'VBRI') return { frames: u32(vbri + 14), delay: null, padding: null };
  return null;
}

/**
 * Counts the MPEG audio frames of a file between its leading and trailing tags. The count, not a
 * header, gives the length: a header may be missing (FFmpeg's `-write_xing 0`), wrong, or describe
 * more audio than a cut file still holds, and a size-based estimate counts trailing tags as audio.
 * Junk before the first frame and damaged stretches are skipped by looking for the next run of
 * frames. Lengths follow FFmpeg's decoder: with a LAME tag, its encoder delay and padding are cut.
 */
export async function scanMpegAudio(file: string): Promise<MpegScan> {
  const handle = await open(file, 'r');
  try {
    const region = await audioRegion(handle);
    const container = await sniffContainer(handle, region.start);
    if (container) throw new NotMpegAudio(`${container}, not an MP3`);
    const w = new Window(handle, region.end);
    let pos = region.start;
    let stream: Header | null = null;
    let tag: TagFrame | null = null;
    let frames = 0;
    let audioBytes = 0;
    let cutMidFrame = false;
    let otherLayer: Header | null = null;
    // In sync: the previous frame ended here, so a frame of the stream is expected. Out of sync (at
    // the start, or after damaged bytes), only the start of a run of frames counts.
    let inSync = false;
    while (pos + 4 <= region.end) {
      // Awaited only when the window moves, once a megabyte: a promise per frame costs more than the scan.
      if (!w.covers(pos)) await w.cover(pos);
      const h: Header | null = inSync ? w.header(pos) : startsRun(w, pos, stream);
      if (!h || (stream && !sameStream(h, stream))) {
        inSync = false;
        pos++;
        continue;
      }
      if (!stream && h.layer !== 3) {
        otherLayer ??= h;
        pos += h.length;
        continue;
      }
      inSync = true;
      if (!stream) {
        stream = h;
        tag = tagFrame(w, pos, h);
        if (tag) {
          pos += h.length;
          continue;
        }
      }
      frames++;
      if (pos + h.length > region.end) cutMidFrame = true;
      audioBytes += Math.min(h.length, region.end - pos);
      pos += h.length;
    }
    if (!stream) {
      if (otherLayer)
        throw new NotMpegAudio(`${otherLayer.version} Layer ${'I'.repeat(otherLayer.layer)} audio, not MP3 (Layer III)`);
      throw new NotMpegAudio('not an MP3 (no MPEG audio frames found)');
    }
    if (frames === 0) throw new NotMpegAudio('not an MP3 (a header frame, but no audio frames)');
    return measure({ stream, tag, frames, audioBytes, cutMidFrame });
  } finally {
    await handle.close();
  }
}

function measure(opts: {
  stream: Header;
  tag: TagFrame | null;
  frames: number;
  audioBytes: number;
  cutMidFrame: boolean;
}): MpegScan {
  const { stream, tag, frames } = opts;
  const spf = stream.samples;
  const announced = tag?.frames ?? null;
  const isShort = announced != null && frames < announced;
  let samples: number;
  if (tag?.delay != null && tag.padding != null) {
    // FFmpeg skips delay + its own decoder delay at the start and drops the padding at the end
    // announced by the header; a cut file never reaches that end, so only the start is trimmed.
    samples = isShort || announced == null ? frames * spf - tag.delay - DECODER_DELAY : announced * spf - tag.delay - tag.padding;
  } else {
    samples = Math.min(frames, announced ?? frames) * spf;
  }
  samples = Math.max(0, samples);
  const announcedSamples =
    announced == null
      ? null
      : tag?.delay != null && tag.padding != null
        ? announced * spf - tag.delay - tag.padding
        : announced * spf;
  const allSeconds = (frames * spf) / stream.sampleRate;
  return {
    version: stream.version,
    sampleRate: stream.sampleRate,
    durationMs: Math.round((samples / stream.sampleRate) * 1000),
    bitrateKbps: Math.max(1, Math.round((opts.audioBytes * 8) / allSeconds / 1000)),
    truncated:
      isShort || opts.cutMidFrame
        ? { announcedMs: announcedSamples == null ? null : Math.round((announcedSamples / stream.sampleRate) * 1000) }
        : null,
  };
}
