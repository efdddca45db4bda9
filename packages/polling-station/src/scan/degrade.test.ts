import { describe, expect, it } from 'vitest';
import { codeRegions } from './code-regions.js';
import { DEGRADATIONS, PHOTO_HEIGHT, PHOTO_WIDTH, degradedPhotoSet, photographCodes } from './degrade.js';
import { homography, project, seededRandom } from './photo-ops.js';
import { decodeImage, imageFormat } from './raster.js';
import { readCodes } from './read-codes.js';
import { samplePayloads, sampleSheetParts } from './sample-payloads.js';

describe('homography', () => {
  it('maps each of the four points to its image', () => {
    const from = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ];
    const to = [
      { x: 100, y: 50 },
      { x: 300, y: 80 },
      { x: 280, y: 260 },
      { x: 90, y: 240 },
    ];
    const h = homography(from, to);
    from.forEach((p, i) => {
      const q = project(h, p.x, p.y);
      expect(q.x).toBeCloseTo(to[i]!.x, 6);
      expect(q.y).toBeCloseTo(to[i]!.y, 6);
    });
  });
});

describe('degradedPhotoSet', () => {
  const payloads = samplePayloads(5, 4);

  it('is the same set for the same seed and another for another seed', () => {
    const a = degradedPhotoSet({ seed: 5, perKind: 1, payloads, degradations: ['rotation', 'glare'] });
    const b = degradedPhotoSet({ seed: 5, perKind: 1, payloads, degradations: ['rotation', 'glare'] });
    const c = degradedPhotoSet({ seed: 6, perKind: 1, payloads, degradations: ['rotation', 'glare'] });
    expect(a.map((p) => Buffer.from(p.file).toString('base64'))).toEqual(
      b.map((p) => Buffer.from(p.file).toString('base64')),
    );
    expect(Buffer.from(a[0]!.file).equals(Buffer.from(c[0]!.file))).toBe(false);
  });

  it('makes 1280×720 photos of every degradation, PNG when clean and JPEG otherwise', () => {
    const set = degradedPhotoSet({ seed: 7, perKind: 1, payloads });
    expect(set.map((p) => p.degradation)).toEqual([...DEGRADATIONS]);
    for (const p of set) {
      const r = decodeImage(p.file);
      expect([r.width, r.height]).toEqual([PHOTO_WIDTH, PHOTO_HEIGHT]);
      expect(imageFormat(p.file)).toBe(p.degradation === 'clean' ? 'png' : 'jpeg');
      expect(p.expected).toHaveLength(1);
    }
  });

  it('draws a code a reader reads back', async () => {
    const [clean] = degradedPhotoSet({ seed: 8, perKind: 1, payloads, degradations: ['clean'] });
    const codes = await readCodes(clean!.file, { decoder: 'jsqr' });
    expect(Buffer.from(codes[0]!.bytes).equals(Buffer.from(clean!.expected[0]!))).toBe(true);
  });
});

describe('codeRegions', () => {
  it('finds one region per code of a page, each around its code', () => {
    const photo = photographCodes(sampleSheetParts(9, 3, 300), 'clean', seededRandom(9));
    const regions = codeRegions(decodeImage(photo.file));
    expect(regions).toHaveLength(3);
    const columns = regions.map((r) => Math.floor((r.x + r.w / 2) / (PHOTO_WIDTH / 3))).sort();
    expect(columns).toEqual([0, 1, 2]);
  });
});
