import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../src/paths.ts';
import {
  appendApeAndId3v1,
  decodedSeconds,
  eyeD3,
  eyeD3Python,
  ffmpeg,
  hasAudioTools,
  lame,
  picture,
  prependId3v22,
  toneWav,
  tool,
} from './support/audio-tools.ts';
import { type CommandResult, runCatalogImport } from './support/catalog.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

/**
 * The import against files made by real encoders and taggers (LAME, FFmpeg, eyeD3, id3lib), as
 * collections hold them. The reference length is what FFmpeg decodes. Within 0.1 s: FFmpeg
 * ignores a LAME header that follows junk and decodes it as 26 ms of silence with the encoder
 * delay, where Mixx honours it; everywhere else the two agree to FFmpeg's 10 ms display.
 */
const run = randomBytes(3).toString('hex');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'mixx-real-import-'));
const music = path.join(scratch, 'music');
const top = path.join(music, run);
const dataDir = path.join(scratch, 'data');
const env = () => ({ DATABASE_URL: inject('databaseUrl'), MIXX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const at = (relative: string) => path.join(top, ...relative.split('/'));

let mixx: TestMixx;
let db: pg.Client;
let imported: CommandResult;
const pictures: Record<string, Buffer> = {};
/** What FFmpeg decodes of the files whose headers would mislead, to compare with. */
const reference: Record<string, number> = {};

/** A WAV tone and LAME/FFmpeg encodes of it; tags by eyeD3 unless said otherwise. */
function makeCollection(): void {
  const wav7 = toneWav(path.join(scratch, 'wav', 't7.wav'), 7.2, 440);
  const wav12 = toneWav(path.join(scratch, 'wav', 't12.wav'), 12, 523);

  // foobar2000's layout: APEv2 (with a picture) and ID3v1 at the end of a CBR file without a Xing
  // header, whose size-based estimate counts the tags as audio.
  ffmpeg(['-i', wav7, '-c:a', 'libmp3lame', '-b:a', '128k', '-write_xing', '0', mk('foobar/ape.mp3')]);
  appendApeAndId3v1(at('foobar/ape.mp3'), {
    title: `Ape Title ${run}`,
    cover: picture(path.join(scratch, 'img', 'ape.jpg'), { size: '300x300', isNoise: true }),
    id3v1: { title: 'V1 Title', artist: `Foobar ${run}` },
  });

  // A VBR file cut to 44 % of its bytes: its Xing header still announces 12 s.
  const whole = lame(wav12, path.join(scratch, 'whole.mp3'), ['-V', '2']);
  eyeD3(whole, ['-a', `Cut ${run}`, '-t', `Cut Short ${run}`]);
  const bytes = readFileSync(whole);
  writeFileSync(mk('cut/truncated.mp3'), bytes.subarray(0, Math.floor(bytes.length * 0.44)));

  // VBR without a Xing header (FFmpeg's -write_xing 0, as many older rips).
  ffmpeg(['-i', wav12, '-c:a', 'libmp3lame', '-q:a', '4', '-write_xing', '0', mk('ffmpeg/vbr-no-xing.mp3')]);
  eyeD3(at('ffmpeg/vbr-no-xing.mp3'), ['-a', `No Xing ${run}`, '-t', `No Xing ${run}`]);

  // MPEG-2 and MPEG-2.5 Layer III (22.05 and 8 kHz).
  lame(wav12, mk('mpeg2/22khz.mp3'), ['--resample', '22.05', '-b', '64']);
  lame(wav12, mk('mpeg25/8khz.mp3'), ['--resample', '8', '-b', '16']);

  // Junk between the ID3v2 tag and the first frame.
  const clean = lame(wav12, path.join(scratch, 'clean.mp3'), ['-b', '128']);
  writeFileSync(mk('junk/junk-first.mp3'), Buffer.concat([Buffer.alloc(1500, 'not audio '), readFileSync(clean)]));
  eyeD3(at('junk/junk-first.mp3'), ['-a', `Junk ${run}`, '-t', `Junk ${run}`]);

  // One artist and album in NFC, NFD and upper case.
  for (const [file, artist, album] of [
    ['bjork/1-nfc.mp3', `Björk ${run}`, `Homogénic ${run}`],
    ['bjork/2-nfd.mp3', `Björk ${run}`.normalize('NFD'), `Homogénic ${run}`.normalize('NFD')],
    ['bjork/3-upper.mp3', `BJÖRK ${run}`, `HOMOGÉNIC ${run}`],
  ]) {
    lame(wav7, mk(file), ['-b', '96']);
    eyeD3(at(file), ['--to-v2.4', '-a', artist, '-A', album, '-t', `Track ${file.slice(6, 7)}`]);
  }

  // A back cover before the front cover.
  pictures.back = picture(path.join(scratch, 'img', 'back.png'), { colour: 'blue', size: '64x64' });
  pictures.front = picture(path.join(scratch, 'img', 'front.png'), { colour: 'red', size: '64x64' });
  lame(wav7, mk('covers/two-pictures.mp3'), ['-b', '96']);
  eyeD3(at('covers/two-pictures.mp3'), [
    ...['-a', `Covers ${run}`, '-A', `Covers ${run}`, '-t', 'Two Pictures'],
    ...['--add-image', `${path.join(scratch, 'img', 'back.png')}:BACK_COVER:back`],
    ...['--add-image', `${path.join(scratch, 'img', 'front.png')}:FRONT_COVER:front`],
  ]);

  // No embedded picture, a cover.jpg beside the file (and a picture of another name, not a cover).
  lame(wav7, mk('folder/01.mp3'), ['-b', '96']);
  eyeD3(at('folder/01.mp3'), ['-a', `Folder ${run}`, '-A', `Folder ${run}`, '-t', 'In A Folder']);
  pictures.folder = picture(at('folder/cover.jpg'), { colour: 'green', size: '80x80' });
  picture(at('folder/inlay.jpg'), { colour: 'white', size: '80x80' });

  // CJK and Thai titles, as eyeD3 writes them (ID3v2.4, UTF-8).
  lame(wav7, mk('cjk/merry.mp3'), ['-b', '96']);
  eyeD3(at('cjk/merry.mp3'), [
    '--to-v2.4',
    '-a',
    `坂本龍一 ${run}`,
    '-A',
    '戦場のメリークリスマス',
    '-t',
    '戦場のメリークリスマス',
  ]);
  lame(wav7, mk('thai/hello.mp3'), ['-b', '96']);
  eyeD3(at('thai/hello.mp3'), ['--to-v2.4', '-a', `Thai ${run}`, '-t', 'สวัสดีชาวโลก']);

  // iTunes's ID3v2.2 (three-letter frames, UCS-2), with a slash in the artist's name.
  lame(wav7, mk('itunes/v22.mp3'), ['-b', '96']);
  prependId3v22(at('itunes/v22.mp3'), {
    TT2: `Old iTunes ${run}`,
    TP1: `AC/DC ${run}`,
    TAL: `Back In Black ${run}`,
    TYE: '1980',
    TRK: '3/10',
  });

  // foobar2000's album artist as a user text frame; multiple TPE1 values (ID3v2.4, NUL-separated,
  // with eyeD3's Python module); a slash in an ID3v2.3 artist; ReplayGain frames.
  lame(wav7, mk('tags/txxx.mp3'), ['-b', '96']);
  eyeD3(at('tags/txxx.mp3'), [
    ...['-a', `Track Guy ${run}`, '-A', `Compilation ${run}`, '-t', 'Compiled'],
    ...['--user-text-frame', `ALBUM ARTIST:Various ${run}`],
  ]);
  lame(wav7, mk('tags/multi.mp3'), ['-b', '96']);
  eyeD3Python(
    `f = eyed3.load(${JSON.stringify(at('tags/multi.mp3'))}); f.initTag(version=(2, 4, 0))\n` +
      `f.tag.artist = 'Daft Punk ${run}\\x00Pharrell Williams ${run}'; f.tag.title = 'Get Lucky'\n` +
      `f.tag.save(version=(2, 4, 0))`,
  );
  lame(wav7, mk('tags/v23-slash.mp3'), ['-b', '96']);
  eyeD3(at('tags/v23-slash.mp3'), ['--to-v2.3', '-a', `AC/DC ${run}`, '-t', 'Hells Bells']);
  lame(wav7, mk('tags/replaygain.mp3'), ['-b', '96']);
  eyeD3(at('tags/replaygain.mp3'), [
    ...['-a', `Gain ${run}`, '-t', 'Loud'],
    ...['--user-text-frame', 'REPLAYGAIN_TRACK_GAIN:-6.20 dB', '--user-text-frame', 'REPLAYGAIN_TRACK_PEAK:0.988000'],
    ...['--user-text-frame', 'REPLAYGAIN_ALBUM_GAIN:-5.10 dB', '--user-text-frame', 'REPLAYGAIN_ALBUM_PEAK:1.000000'],
  ]);

  // A 10 MB front cover (noise does not compress), tagged with id3v2 (id3lib) first.
  pictures.big = picture(path.join(scratch, 'img', 'big.jpg'), { size: '3700x3000', isNoise: true });
  lame(wav7, mk('big/picture.mp3'), ['-b', '96']);
  tool('id3v2', ['-a', `Big ${run}`, '-A', `Big ${run}`, '-t', 'Big Picture', at('big/picture.mp3')]);
  eyeD3(at('big/picture.mp3'), ['--add-image', `${path.join(scratch, 'img', 'big.jpg')}:FRONT_COVER`]);

  // What no MP3 decoder plays.
  ffmpeg(['-i', wav12, '-c:a', 'mp2', '-b:a', '192k', '-f', 'mp2', mk('refused/layer2.mp3')]);
  ffmpeg(['-i', wav7, '-c:a', 'flac', '-f', 'flac', mk('refused/flac.mp3')]);
  copyFileSync(wav7, mk('refused/wav.mp3'));
  writeFileSync(mk('refused/text.mp3'), 'these are liner notes, not audio\n'.repeat(100));
}

/** The path of a new file under the run's folder, its folder made. */
function mk(relative: string): string {
  const file = at(relative);
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

async function trackOf(relative: string) {
  const { rows } = await db.query(
    `SELECT t.id, t.title, a.name AS artist, r.title AS release, ra.name AS "releaseArtist", r.year, t.track_number AS "trackNumber",
            f.duration_ms AS "durationMs", f.bitrate_kbps AS "bitrateKbps", r.cover_key AS "coverKey"
       FROM track t JOIN audio_file f ON f.track_id = t.id JOIN artist a ON a.id = t.artist_id
       LEFT JOIN release r ON r.id = t.release_id LEFT JOIN artist ra ON ra.id = r.artist_id
      WHERE t.source_path = $1`,
    [`${run}/${relative}`],
  );
  return rows[0];
}

const coverBytes = (coverKey: string) => readFileSync(path.join(dataDir, 'media', ...coverKey.split('/')));

beforeAll(async () => {
  if (!hasAudioTools) return;
  mixx = await startTestMixx();
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!hasAudioTools)('importing what real encoders and taggers write', () => {
  beforeAll(async () => {
    makeCollection();
    for (const file of ['foobar/ape.mp3', 'cut/truncated.mp3', 'ffmpeg/vbr-no-xing.mp3', 'mpeg2/22khz.mp3', 'mpeg25/8khz.mp3']) {
      reference[file] = decodedSeconds(at(file));
    }
    reference['junk/junk-first.mp3'] = decodedSeconds(at('junk/junk-first.mp3'));
    imported = await runCatalogImport(music, env());
  }, 240_000);

  it('imports every playable file and reports each skipped one with its reason, grouped', () => {
    expect(imported.stderr).not.toMatch(/failed/);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /: 25 files, 19 added, 0 updated, 0 unchanged, 5 skipped, 1 folder cover \(\d+\.\d s at \d+\.\d files\/s\)\n/,
    );
    const skipped = imported.stdout.slice(
      imported.stdout.indexOf('Skipped 5 files'),
      imported.stdout.indexOf('Imported with warnings'),
    );
    expect(skipped).toBe(
      [
        'Skipped 5 files, by reason:',
        '  not an MP3 file (.jpg): 1 file',
        `    ${run}/folder/inlay.jpg`,
        '  a FLAC file, not an MP3: 1 file',
        `    ${run}/refused/flac.mp3`,
        '  MPEG-1 Layer II audio, not MP3 (Layer III): 1 file',
        `    ${run}/refused/layer2.mp3`,
        '  not an MP3 (no MPEG audio frames found): 1 file',
        `    ${run}/refused/text.mp3`,
        '  a WAV (RIFF) file, not an MP3: 1 file',
        `    ${run}/refused/wav.mp3`,
        '',
      ].join('\n'),
    );
  });

  it('gives each file the length FFmpeg decodes, tags at the end and junk before the first frame left out', async () => {
    for (const [file, seconds] of Object.entries(reference)) {
      const track = await trackOf(file);
      expect(
        Math.abs(track.durationMs / 1000 - seconds),
        `${file}: ${track.durationMs} ms, FFmpeg ${seconds} s`,
      ).toBeLessThanOrEqual(0.1);
    }
    // The tags at the end of the foobar2000 file were 12 s by its size; FFmpeg decodes 7.2 s.
    expect(reference['foobar/ape.mp3']).toBeCloseTo(7.23, 1);
    expect(await trackOf('foobar/ape.mp3')).toMatchObject({
      title: `Ape Title ${run}`,
      artist: `Foobar ${run}`,
      bitrateKbps: 128,
    });
    // VBR without a Xing header: imported, with its average bitrate.
    const noXing = await trackOf('ffmpeg/vbr-no-xing.mp3');
    const bytes = statSync(at('ffmpeg/vbr-no-xing.mp3')).size;
    expect(noXing.bitrateKbps).toBeCloseTo((bytes * 8) / noXing.durationMs, -1);
    expect(await trackOf('mpeg2/22khz.mp3')).toMatchObject({ bitrateKbps: 64 });
    expect(await trackOf('mpeg25/8khz.mp3')).toMatchObject({ bitrateKbps: 16 });
  });

  it('imports a cut file with the length it still plays, and says so', async () => {
    const track = await trackOf('cut/truncated.mp3');
    expect(track).toMatchObject({ title: `Cut Short ${run}`, artist: `Cut ${run}` });
    expect(track.durationMs).toBeLessThan(6000);
    const warned =
      /Imported with warnings: 1 file, by reason:\n {2}cut short \(imported with the length it plays\): 1 file\n {4}(.+)\n/.exec(
        imported.stdout,
      );
    expect(warned?.[1]).toBe(
      `${run}/cut/truncated.mp3 (plays ${(track.durationMs / 1000).toFixed(1)} s of the 12.0 s its header announces)`,
    );
  });

  it('makes one artist and one release of a name in NFC, NFD and upper case', async () => {
    const rows = await Promise.all(['bjork/1-nfc.mp3', 'bjork/2-nfd.mp3', 'bjork/3-upper.mp3'].map(trackOf));
    expect(rows.map((r) => [r.artist, r.release])).toEqual(Array(3).fill([`Björk ${run}`, `Homogénic ${run}`]));
    expect(rows[0].artist).toBe(`Björk ${run}`.normalize('NFC'));
    const res = await mixx.gql(
      `query($q: String) { artists(search: $q) { edges { node { name trackCount releases { totalCount } } } } }`,
      {
        q: `bjork ${run}`,
      },
    );
    expect(res.data.artists.edges).toEqual([{ node: { name: `Björk ${run}`, trackCount: 3, releases: { totalCount: 1 } } }]);
  });

  it('takes the front cover among several pictures, and cover.jpg beside files that have none', async () => {
    expect(sha256(coverBytes((await trackOf('covers/two-pictures.mp3')).coverKey))).toBe(sha256(pictures.front));
    expect(sha256(coverBytes((await trackOf('folder/01.mp3')).coverKey))).toBe(sha256(pictures.folder));
    const big = await trackOf('big/picture.mp3');
    expect(pictures.big.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(sha256(coverBytes(big.coverKey))).toBe(sha256(pictures.big));
    expect(big).toMatchObject({ title: 'Big Picture', artist: `Big ${run}` });
    expect(Math.abs(big.durationMs - 7200)).toBeLessThanOrEqual(30);
  });

  it('reads ID3v2.2, TXXX album artists, artist lists, slashes in names and ReplayGain frames', async () => {
    expect(await trackOf('itunes/v22.mp3')).toMatchObject({
      title: `Old iTunes ${run}`,
      artist: `AC/DC ${run}`,
      release: `Back In Black ${run}`,
      year: 1980,
      trackNumber: 3,
    });
    expect(await trackOf('tags/txxx.mp3')).toMatchObject({ artist: `Track Guy ${run}`, releaseArtist: `Various ${run}` });
    expect(await trackOf('tags/multi.mp3')).toMatchObject({ title: 'Get Lucky', artist: `Daft Punk ${run}` });
    expect(await trackOf('tags/v23-slash.mp3')).toMatchObject({ title: 'Hells Bells', artist: `AC/DC ${run}` });
    expect(await trackOf('tags/replaygain.mp3')).toMatchObject({ title: 'Loud', artist: `Gain ${run}`, durationMs: 7200 });
  });

  it('finds words inside CJK and Thai titles, two-character words included', async () => {
    const search = async (q: string) => {
      const res = await mixx.gql(
        `query($q: String) { tracks(first: 50, filter: { search: $q }) { edges { node { title artist { name } } } } }`,
        {
          q,
        },
      );
      expect(res.errors).toBeUndefined();
      return res.data.tracks.edges.map((e: any) => e.node.title);
    };
    for (const q of ['戦場', 'メリー', 'クリスマス', '戦場の', 'メリークリスマス', '戦', `クリスマス ${run}`, '龍一', '坂本龍一'])
      expect(await search(q), q).toContain('戦場のメリークリスマス');
    for (const q of ['戦争', 'クリスマ戦', 'クリスマス qwxzvj'])
      expect(await search(q), q).not.toContain('戦場のメリークリスマス');
    expect(await search('ชาวโลก')).toContain('สวัสดีชาวโลก');
    expect(await search('สวัสดี')).toContain('สวัสดีชาวโลก');
    // Half-width katakana is the same text (NFKC).
    expect(await search('ﾒﾘｰ')).toContain('戦場のメリークリスマス');
    const artists = await mixx.gql(`{ artists(search: "龍一") { edges { node { name } } } }`);
    expect(artists.data.artists.edges).toContainEqual({ node: { name: `坂本龍一 ${run}` } });
    const releases = await mixx.gql(`{ releases(filter: { search: "メリー" }) { edges { node { title } } } }`);
    expect(releases.data.releases.edges).toContainEqual({ node: { title: '戦場のメリークリスマス' } });
  });

  it('changes nothing when run again', async () => {
    const again = await runCatalogImport(music, env());
    expect(again.stdout).toMatch(/: 25 files, 0 added, 0 updated, 19 unchanged, 5 skipped, 1 folder cover /);
  });
});

describe.skipIf(!hasAudioTools)('an import stopped with Ctrl-C', () => {
  const folder = path.join(scratch, 'stopped');
  const FILES = 40;

  beforeAll(() => {
    const mp3 = lame(toneWav(path.join(scratch, 'wav', 'short.wav'), 2, 330), path.join(scratch, 'short.mp3'), ['-b', '64']);
    // One encoder run, then copies retagged with id3v2 (id3lib).
    for (let i = 1; i <= FILES; i++) {
      const file = path.join(folder, `stopped-${run}`, `${String(i).padStart(2, '0')}.mp3`);
      mkdirSync(path.dirname(file), { recursive: true });
      copyFileSync(mp3, file);
      tool('id3v2', ['-a', `Stopped ${run}`, '-A', `Stopped ${run}`, '-t', `Part ${i}`, '-T', String(i), file]);
    }
  });

  it('stops after the current file, says how to go on, and a re-run imports the rest', async () => {
    const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env() };
    const child = spawn(process.execPath, ['--conditions=production', 'scripts/run.mjs', 'catalog-import', folder], {
      cwd: projectRoot,
      env: childEnv as NodeJS.ProcessEnv,
      // Its own process group, as a terminal's foreground job: Ctrl-C signals the whole group.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collect(child);
    const count = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM track WHERE source_path LIKE $1`, [`stopped-${run}/%`])).rows[0]
        .n as number;
    const deadline = Date.now() + 60_000;
    while ((await count()) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    process.kill(-(child.pid as number), 'SIGINT');
    const stopped = await output;
    expect(stopped.stderr).not.toMatch(/failed/);
    expect(stopped.code).toBe(130);
    const done = await count();
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(FILES);
    expect(stopped.stdout).toContain(
      `Interrupted after ${done} of ${FILES} files. Run the same command again to go on: the files already imported are not read again.\n`,
    );

    const resumed = await runCatalogImport(folder, env());
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`: ${FILES} files, ${FILES - done} added, 0 updated, ${done} unchanged, 0 skipped (`);
    expect(await count()).toBe(FILES);
  }, 120_000);
});

function collect(child: ChildProcess): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
