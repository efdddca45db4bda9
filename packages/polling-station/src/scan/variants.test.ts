import { describe, expect, it } from 'vitest';
import { blankRaster, luminance } from './raster.js';
import { binarise, blur, downscale, sharpen, whiteOut } from './variants.js';

/** A raster dark on its left half, light on its right. */
function step(dark: number, light: number) {
  const r = blankRaster(40, 8, light);
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 20; x++) r.data.fill(dark, (y * 40 + x) * 4, (y * 40 + x) * 4 + 3);
  return r;
}

const at = (r: ReturnType<typeof step>, x: number, y = 4) => luminance(r)[y * r.width + x]!;

describe('image variants', () => {
  it('downscale averages each box', () => {
    const r = downscale(step(0, 200), 4);
    expect([r.width, r.height]).toEqual([10, 2]);
    expect(at(r, 0, 1)).toBe(0);
    expect(at(r, 9, 1)).toBe(200);
  });

  it('binarise turns an edge into black and white on each side', () => {
    const r = binarise(step(100, 160));
    expect(at(r, 18)).toBe(0);
    expect(at(r, 21)).toBe(255);
  });

  it('sharpen steepens a blurred edge', () => {
    const soft = step(40, 220);
    blur(soft, 2);
    const sharp = sharpen(soft);
    expect(at(sharp, 21) - at(sharp, 18)).toBeGreaterThan(at(soft, 21) - at(soft, 18));
  });

  it('whiteOut paints the grown quadrilateral and nothing outside it', () => {
    const r = step(0, 0);
    whiteOut(r, [
      { x: 10, y: 2 },
      { x: 20, y: 2 },
      { x: 20, y: 6 },
      { x: 10, y: 6 },
    ]);
    expect(at(r, 15, 4)).toBeGreaterThan(250);
    expect(at(r, 5, 4)).toBe(0);
    expect(at(r, 30, 4)).toBe(0);
  });
});
