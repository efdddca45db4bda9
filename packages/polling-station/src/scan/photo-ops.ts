/**
 * Small image operations that turn a clean QR code into a plausible photo of a printed one:
 * drawing the code on a sheet of paper through a projective map (rotation, perspective, size),
 * then blur, glare, sensor noise and contrast loss. Pure JavaScript, deterministic given the
 * random source; used by the degraded-photo set (degrade.ts) and nothing at election time.
 * @module
 */
import type { Raster } from './raster.js';
import type { Point } from './variants.js';

export { blur } from './variants.js';

/** A QR symbol's modules: size × size, true = dark. */
export interface Modules {
  readonly size: number;
  readonly dark: (row: number, col: number) => boolean;
}

/** A 3×3 projective map, row-major; (x, y) ↦ ((h0x + h1y + h2)/w, (h3x + h4y + h5)/w), w = h6x + h7y + h8. */
export type Homography = readonly number[];

/** The map applied to a point. */
export function project(h: Homography, x: number, y: number): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return { x: (h[0]! * x + h[1]! * y + h[2]!) / w, y: (h[3]! * x + h[4]! * y + h[5]!) / w };
}

/** The projective map taking the four `from` points to the four `to` points (8 × 8 linear system). */
export function homography(from: readonly Point[], to: readonly Point[]): Homography {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  return [...solve(a), 1];
}

/** Gaussian elimination with partial pivoting on an n × (n+1) augmented matrix. */
function solve(a: number[][]): number[] {
  const n = a.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/** Grey levels of the scene: the table the sheet lies on, the paper, the ink. */
export interface Inks {
  readonly table: number;
  readonly paper: number;
  readonly ink: number;
}

/**
 * Draws a code printed on paper into the raster, in place. `toCode` maps a raster pixel to code
 * coordinates in modules (0..size is the symbol); the paper extends `margin` modules around it.
 * Each pixel is the mean of 3 × 3 samples, so edges are anti-aliased as a lens would.
 */
export function drawCode(r: Raster, m: Modules, toCode: Homography, inks: Inks, margin = 6): void {
  const s = m.size;
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) {
      let sum = 0;
      let onPaper = 0;
      for (let sy = 0; sy < 3; sy++)
        for (let sx = 0; sx < 3; sx++) {
          const p = project(toCode, x + (sx + 0.5) / 3, y + (sy + 0.5) / 3);
          if (p.x < -margin || p.y < -margin || p.x >= s + margin || p.y >= s + margin) continue;
          onPaper++;
          const c = Math.floor(p.x);
          const row = Math.floor(p.y);
          sum += c >= 0 && row >= 0 && c < s && row < s && m.dark(row, c) ? inks.ink : inks.paper;
        }
      if (onPaper === 0) continue;
      const i = (y * r.width + x) * 4;
      const v = (sum + (9 - onPaper) * r.data[i]!) / 9;
      r.data[i] = r.data[i + 1] = r.data[i + 2] = v;
    }
}

/** Fills the raster with a soft left-to-right shade of the table's grey (lighting is never flat). */
export function fillTable(r: Raster, grey: number): void {
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) {
      const i = (y * r.width + x) * 4;
      r.data[i] = r.data[i + 1] = r.data[i + 2] = grey * (0.85 + 0.3 * (x / r.width));
      r.data[i + 3] = 255;
    }
}

/** A bright blob (a lamp reflected by glossy paper), pulling pixels towards white, in place. */
export function glare(r: Raster, centre: Point, sigma: number, strength: number): void {
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) {
      const d2 = (x - centre.x) ** 2 + (y - centre.y) ** 2;
      const a = strength * Math.exp(-d2 / (2 * sigma * sigma));
      if (a < 0.004) continue;
      const i = (y * r.width + x) * 4;
      for (let ch = 0; ch < 3; ch++) r.data[i + ch] = r.data[i + ch]! + (255 - r.data[i + ch]!) * a;
    }
}

/** Sensor noise: each channel plus a near-Gaussian value of the given σ (sum of uniforms), in place. */
export function noise(r: Raster, sigma: number, random: () => number): void {
  for (let i = 0; i < r.data.length; i += 4) {
    const n = (random() + random() + random() + random() - 2) * sigma * Math.sqrt(3);
    for (let ch = 0; ch < 3; ch++) r.data[i + ch] = r.data[i + ch]! + n;
  }
}

/** Contrast scaled around `mid`, then shifted: a dim, washed-out photo, in place. */
export function contrast(r: Raster, factor: number, mid: number): void {
  for (let i = 0; i < r.data.length; i += 4)
    for (let ch = 0; ch < 3; ch++) r.data[i + ch] = mid + (r.data[i + ch]! - mid) * factor;
}

/** A deterministic random source in [0, 1) (mulberry32): the same seed, the same photo set. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
