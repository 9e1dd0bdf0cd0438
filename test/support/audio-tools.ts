import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Debian's encoders and taggers (installed by .ci/run), which make the test files: real collections
 * come from LAME, FFmpeg and taggers like eyeD3, never from the library under test. Where they
 * are missing outside CI, the tests that need them are skipped with a notice; under CI, it fails.
 */
const TOOLS = ['lame', 'ffmpeg', 'id3v2', 'eyeD3', 'sox'];
/** Debian's Python, which has eyeD3's module (python3-eyed3); another python3 may come first on PATH. */
const PYTHON = '/usr/bin/python3';

const missing = [
  ...TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0),
  ...(spawnSync(PYTHON, ['-c', 'import eyed3']).status === 0 ? [] : ['python3-eyed3']),
];
export const hasAudioTools = missing.length === 0;

if (!hasAudioTools && process.env.CI === 'true') {
  throw new Error(`import tests need ${missing.join(', ')} under CI (apt-get install lame ffmpeg id3v2 eyed3 sox)`);
}
if (!hasAudioTools) {
  process.stderr.write(
    `real-file import tests skipped: ${missing.join(', ')} missing (apt-get install lame ffmpeg id3v2 eyed3 sox)\n`,
  );
}

/** Runs a tool; its failure fails the test with its output. */
export function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return `${result.stdout}${result.stderr}`;
}

/** A tone of `seconds` (44.1 kHz stereo WAV) from sox; each frequency sounds different. */
export function toneWav(file: string, seconds: number, frequency = 440): string {
  mkdirSync(path.dirname(file), { recursive: true });
  tool('sox', ['-n', '-r', '44100', '-c', '2', file, 'synth', String(seconds), 'sine', String(frequency), 'vol', '0.5']);
  return file;
}

export function lame(wav: string, mp3: string, args: string[]): string {
  mkdirSync(path.dirname(mp3), { recursive: true });
  tool('lame', ['--quiet', ...args, wav, mp3]);
  return mp3;
}

export function ffmpeg(args: string[]): void {
  tool('ffmpeg', ['-v', 'error', '-y', ...args]);
}

export function eyeD3(file: string, args: string[]): void {
  tool('eyeD3', ['--quiet', '--no-color', ...args, file]);
}

/** Tags written with eyeD3's own Python module, for what its command line cannot say (a NUL in a list). */
export function eyeD3Python(script: string): void {
  tool(PYTHON, ['-c', `import eyed3\n${script}`]);
}

/**
 * The length FFmpeg decodes (`ffmpeg -i FILE -f null -` decodes every frame and reports the time
 * of what it decoded), the reference for what a file really plays; not ffprobe's header estimate.
 */
export function decodedSeconds(file: string): number {
  const out = tool('ffmpeg', ['-nostats', '-hide_banner', '-i', file, '-f', 'null', '-']);
  const times = [...out.matchAll(/time=(\d+):(\d+):(\d+\.\d+)/g)];
  if (!times.length) throw new Error(`ffmpeg reported no decoded time for ${file}`);
  const [, h, m, s] = times[times.length - 1];
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** A picture from FFmpeg: a solid colour, or noise (which JPEG cannot shrink) for a large file. */
export function picture(file: string, opts: { colour?: string; size: string; isNoise?: boolean }): Buffer {
  mkdirSync(path.dirname(file), { recursive: true });
  const source = opts.isNoise
    ? `nullsrc=s=${opts.size},geq=random(1)*255:random(2)*255:random(3)*255`
    : `color=${opts.colour ?? 'red'}:s=${opts.size}`;
  ffmpeg(['-f', 'lavfi', '-i', source, '-frames', '1', ...(file.endsWith('.jpg') ? ['-q:v', '1'] : []), file]);
  return readFileSync(file);
}

const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/**
 * Appends an APEv2 tag (with header and footer) and an ID3v1 tag, the layout foobar2000 writes.
 * Written by hand from the APEv2 specification: no Debian tool writes APE tags to MP3 files.
 */
export function appendApeAndId3v1(
  file: string,
  opts: { title: string; cover?: Buffer; id3v1: { title: string; artist: string } },
): void {
  const item = (key: string, value: Buffer, isBinary: boolean) =>
    Buffer.concat([u32le(value.length), u32le(isBinary ? 2 : 0), Buffer.from(`${key}\0`, 'ascii'), value]);
  const items = [item('Title', Buffer.from(opts.title, 'utf8'), false)];
  if (opts.cover) items.push(item('Cover Art (Front)', Buffer.concat([Buffer.from('cover.jpg\0'), opts.cover]), true));
  const body = Buffer.concat(items);
  const frame = (isHeader: boolean) =>
    Buffer.concat([
      Buffer.from('APETAGEX'),
      u32le(2000),
      u32le(body.length + 32),
      u32le(items.length),
      u32le(0x80000000 | (isHeader ? 0x20000000 : 0)),
      Buffer.alloc(8),
    ]);
  const field = (text: string, length: number) => {
    const b = Buffer.alloc(length);
    b.write(text, 'latin1');
    return b;
  };
  const id3v1 = Buffer.concat([
    Buffer.from('TAG'),
    field(opts.id3v1.title, 30),
    field(opts.id3v1.artist, 30),
    field('', 30),
    field('2001', 4),
    field('', 30),
    Buffer.from([255]),
  ]);
  writeFileSync(file, Buffer.concat([readFileSync(file), frame(true), body, frame(false), id3v1]));
}

/**
 * Puts an ID3v2.2 tag (three-letter frames, as iTunes wrote until 2006) in front of an MP3 that has
 * none. By hand from the ID3v2.2 specification: today's taggers (eyeD3, id3lib, FFmpeg) only write
 * 2.3 and 2.4.
 */
export function prependId3v22(file: string, frames: Record<string, string>): void {
  const parts = Object.entries(frames).map(([id, text]) => {
    // Encoding 1: UCS-2 with a byte-order mark, as iTunes wrote.
    const value = Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0, 0])]);
    const size = Buffer.from([(value.length >> 16) & 0xff, (value.length >> 8) & 0xff, value.length & 0xff]);
    return Buffer.concat([Buffer.from(id, 'ascii'), size, value]);
  });
  const body = Buffer.concat(parts);
  const n = body.length;
  const header = Buffer.from([0x49, 0x44, 0x33, 2, 0, 0, (n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
  writeFileSync(file, Buffer.concat([header, body, readFileSync(file)]));
}
