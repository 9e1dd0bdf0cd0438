import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

const SIZE = 300;

/** An RGB colour of hue h (0–360) at fixed saturation and lightness. */
function hue(h: number, lightness: number): [number, number, number] {
  const s = 0.55;
  const c = (1 - Math.abs(2 * lightness - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = lightness - c / 2;
  const [r, g, b] =
    h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as [number, number, number];
}

/**
 * A 300×300 PNG cover for a demo release, drawn from its name: a diagonal gradient between two
 * hues with rings around an off-centre point, so each release looks its own.
 */
export function demoCover(name: string): Buffer {
  const seed = createHash('sha256').update(name).digest();
  const from = hue((seed[0] as number) * 1.41, 0.45);
  const to = hue(((seed[1] as number) * 1.41 + 120) % 360, 0.3);
  const cx = 60 + ((seed[2] as number) % 180);
  const cy = 60 + ((seed[3] as number) % 180);
  const spacing = 10 + ((seed[4] as number) % 14);
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const t = (x + y) / (2 * SIZE - 2);
      const ring = Math.sin(Math.hypot(x - cx, y - cy) / spacing) > 0.85 ? 40 : 0;
      const i = (y * SIZE + x) * 4;
      for (let k = 0; k < 3; k++) png.data[i + k] = Math.min(255, Math.round(from[k] * (1 - t) + to[k] * t) + ring);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
