/**
 * Where codes may be in a photo, without reading them: a QR code is a dense patch of dark and
 * light modules surrounded by a light quiet zone, so the image is cut into 4 × 4-pixel cells, a
 * cell is "busy" when its pixels span a wide range of grey, and each connected group of busy
 * cells that fills much of its bounding box is a candidate region. Lets a one-code-at-a-time
 * reader look at each code alone.
 * @module
 */
import { type Raster, luminance } from './raster.js';

/** A rectangle of the image, in pixels. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const CELL = 4;

/** Candidate code regions, each grown by a margin (the quiet zone), largest first. */
export function codeRegions(r: Raster): Region[] {
  const cw = Math.floor(r.width / CELL);
  const ch = Math.floor(r.height / CELL);
  const range = cellRanges(r, cw, ch);
  const sorted = Float64Array.from(range).sort();
  const threshold = Math.max(10, 0.4 * sorted[Math.floor(sorted.length * 0.95)]!);
  const busy = range.map((v) => (v >= threshold ? 1 : 0));
  const regions: Region[] = [];
  const seen = new Uint8Array(cw * ch);
  for (let start = 0; start < busy.length; start++) {
    if (!busy[start] || seen[start]) continue;
    const box = component(busy, seen, cw, ch, start);
    const bw = box.x1 - box.x0 + 1;
    const bh = box.y1 - box.y0 + 1;
    // a code is squarish and dense; a paper edge or a shadow line is thin or hollow
    if (bw < 6 || bh < 6 || bw > 3 * bh || bh > 3 * bw || box.count < 0.3 * bw * bh) continue;
    const m = Math.ceil(Math.max(bw, bh) * 0.1) + 1;
    const x = Math.max(0, (box.x0 - m) * CELL);
    const y = Math.max(0, (box.y0 - m) * CELL);
    regions.push({
      x,
      y,
      w: Math.min(r.width, (box.x1 + 1 + m) * CELL) - x,
      h: Math.min(r.height, (box.y1 + 1 + m) * CELL) - y,
    });
  }
  regions.sort((a, b) => b.w * b.h - a.w * a.h);
  // a patch of modules cut off inside a larger code's box is that code, not another one
  return regions.filter((a, i) => !regions.slice(0, i).some((b) => contains(b, a)));
}

function contains(outer: Region, inner: Region): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/** max − min grey of each cell. */
function cellRanges(r: Raster, cw: number, ch: number): Uint8Array {
  const grey = luminance(r);
  const out = new Uint8Array(cw * ch);
  for (let cy = 0; cy < ch; cy++)
    for (let cx = 0; cx < cw; cx++) {
      let lo = 255;
      let hi = 0;
      for (let y = cy * CELL; y < (cy + 1) * CELL; y++)
        for (let x = cx * CELL; x < (cx + 1) * CELL; x++) {
          const g = grey[y * r.width + x]!;
          if (g < lo) lo = g;
          if (g > hi) hi = g;
        }
      out[cy * cw + cx] = hi - lo;
    }
  return out;
}

/** The 8-connected busy cells reachable from `start`: their bounding box and count. */
function component(busy: Uint8Array, seen: Uint8Array, cw: number, ch: number, start: number) {
  const box = { x0: cw, y0: ch, x1: -1, y1: -1, count: 0 };
  const stack = [start];
  seen[start] = 1;
  while (stack.length > 0) {
    const c = stack.pop()!;
    const cx = c % cw;
    const cy = (c - cx) / cw;
    box.count++;
    box.x0 = Math.min(box.x0, cx);
    box.x1 = Math.max(box.x1, cx);
    box.y0 = Math.min(box.y0, cy);
    box.y1 = Math.max(box.y1, cy);
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const nx = cx + dx;
        const ny = cy + dy;
        if (nx < 0 || ny < 0 || nx >= cw || ny >= ch) continue;
        const n = ny * cw + nx;
        if (busy[n] && !seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
  }
  return box;
}
