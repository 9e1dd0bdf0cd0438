import { Mp3Encoder } from '@breezystack/lamejs';

export type Timbre = 'sine' | 'organ' | 'square' | 'bright';

/** Relative strengths of the first harmonics of each timbre. */
const HARMONICS: Record<Timbre, number[]> = {
  sine: [1],
  organ: [1, 0.5, 0.25, 0.12],
  square: [1, 0, 0.33, 0, 0.2, 0, 0.14],
  bright: [1, 0.7, 0.5, 0.35, 0.25, 0.18],
};

const FRAME = 1152;

/**
 * A short melody as MP3 bytes, encoded in pure JavaScript (LAME's port): one note after another,
 * each with a soft attack and an exponential decay, mono at 16 kHz, 32 kbit/s (small files, quick to make).
 */
export function synthesizeMp3(opts: {
  notes: number[];
  noteSeconds: number;
  timbre: Timbre;
  sampleRate?: number;
  kbps?: number;
}): Buffer {
  const sampleRate = opts.sampleRate ?? 16_000;
  const perNote = Math.round(opts.noteSeconds * sampleRate);
  const samples = new Int16Array(perNote * opts.notes.length);
  const harmonics = HARMONICS[opts.timbre];
  const norm = harmonics.reduce((a, b) => a + b, 0);
  const attack = Math.round(0.01 * sampleRate);
  for (let n = 0; n < opts.notes.length; n++) {
    const frequency = 440 * 2 ** ((opts.notes[n] - 69) / 12);
    for (let i = 0; i < perNote; i++) {
      const t = i / sampleRate;
      const envelope = Math.min(1, i / attack) * Math.exp(-3 * (i / perNote));
      let value = 0;
      for (let h = 0; h < harmonics.length; h++) {
        if (harmonics[h]) value += harmonics[h] * Math.sin(2 * Math.PI * frequency * (h + 1) * t);
      }
      samples[n * perNote + i] = Math.round((value / norm) * envelope * 12_000);
    }
  }
  const encoder = new Mp3Encoder(1, sampleRate, opts.kbps ?? 32);
  const chunks: Buffer[] = [];
  const push = (data: Int8Array | Uint8Array) => {
    // A copy: the encoder may reuse its output buffer.
    if (data.length) chunks.push(Buffer.from(new Uint8Array(data.buffer, data.byteOffset, data.length)));
  };
  for (let i = 0; i < samples.length; i += FRAME) push(encoder.encodeBuffer(samples.subarray(i, i + FRAME)));
  push(encoder.flush());
  return Buffer.concat(chunks);
}
