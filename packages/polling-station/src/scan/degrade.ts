/**
 * The degraded-photo set the QR decoders are measured on (spec/stations.md §3, "Scanning"):
 * 1280 × 720 "photos" of printed codes — ballot codes and tally-sheet parts — each spoilt in one
 * way a poll worker's or an observer's camera spoils them: rotation, perspective, blur, glare,
 * noise, low contrast, heavy JPEG compression, a small code in a large frame. Deterministic from a
 * seed, so every run and every machine measures the same set.
 * @module
 */
import QRCode from 'qrcode';
import {
  type Homography,
  type Modules,
  blur,
  contrast,
  drawCode,
  fillTable,
  glare,
  homography,
  noise,
  seededRandom,
} from './photo-ops.js';
import { type Raster, blankRaster, encodeJpeg, encodePng } from './raster.js';
import type { Point } from './variants.js';

export const PHOTO_WIDTH = 1280;
export const PHOTO_HEIGHT = 720;

export const DEGRADATIONS = [
  'clean',
  'rotation',
  'perspective',
  'blur',
  'glare',
  'noise',
  'low-contrast',
  'jpeg',
  'small',
] as const;
export type Degradation = (typeof DEGRADATIONS)[number];

/** A photo of one or more codes, with what a reader must find in it. */
export interface DegradedPhoto {
  readonly degradation: Degradation;
  /** the codes' byte contents */
  readonly expected: readonly Uint8Array[];
  /** the photo file: PNG for `clean`, JPEG otherwise (a camera's format) */
  readonly file: Uint8Array;
  readonly format: 'png' | 'jpeg';
  /** the drawn parameters, for reports */
  readonly params: Readonly<Record<string, number>>;
}

/** The modules of a QR code holding `bytes` in byte mode at error-correction level M. */
export function qrModules(bytes: Uint8Array): Modules {
  const qr = QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  return { size, dark: (row, col) => qr.modules.get(row, col) === 1 };
}

/** Uniform in [lo, hi). */
function between(random: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

/** Where one code goes: centre, module size in pixels, rotation, perspective tilt. */
interface Placement {
  centre: Point;
  modulePx: number;
  angle: number;
  tilt: number;
  tiltEdge: number;
}

/** The map from photo pixels to code modules for a placement (the inverse of printing). */
function toCodeMap(size: number, p: Placement, random: () => number): Homography {
  const half = (size * p.modulePx) / 2;
  const square = [
    { x: 0, y: 0 },
    { x: size, y: 0 },
    { x: size, y: size },
    { x: 0, y: size },
  ];
  const corners = [
    { x: -half, y: -half },
    { x: half, y: -half },
    { x: half, y: half },
    { x: -half, y: half },
  ].map((c, i) => {
    // perspective: the edge `tiltEdge` is seen from further away, shorter by `tilt`
    const onFarEdge = i === p.tiltEdge || i === (p.tiltEdge + 1) % 4;
    const k = onFarEdge ? 1 - p.tilt : 1;
    const j = p.tilt > 0 ? half * 0.06 : 0;
    return { x: c.x * k + between(random, -j, j), y: c.y * k + between(random, -j, j) };
  });
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  const quad = corners.map((c) => ({
    x: p.centre.x + c.x * cos - c.y * sin,
    y: p.centre.y + c.x * sin + c.y * cos,
  }));
  return homography(quad, square);
}

/** The degradation's parameters, drawn from its range (mild to severe). */
function drawParams(d: Degradation, random: () => number): Record<string, number> {
  const base = {
    angle: d === 'clean' ? 0 : between(random, -4, 4),
    targetPx: between(random, 300, 440),
    noise: d === 'clean' ? 0 : 3,
    quality: 85,
  };
  switch (d) {
    case 'rotation':
      return { ...base, angle: between(random, -180, 180) };
    case 'perspective':
      return { ...base, tilt: between(random, 0.05, 0.4), tiltEdge: Math.floor(random() * 4) };
    case 'blur':
      return { ...base, blurModules: between(random, 0.2, 0.7) };
    case 'glare':
      return { ...base, glareSigma: between(random, 0.12, 0.3), glareStrength: between(random, 0.75, 1) };
    case 'noise':
      return { ...base, noise: between(random, 10, 60) };
    case 'low-contrast':
      return { ...base, contrast: between(random, 0.06, 0.3), mid: between(random, 110, 200) };
    case 'jpeg':
      return { ...base, quality: Math.round(between(random, 4, 15)) };
    case 'small':
      return { ...base, modulePx: between(random, 1.3, 2.4) };
    default:
      return base;
  }
}

/**
 * A photo of the given codes (side by side, as on a printed sheet page) spoilt by one
 * degradation, its parameters drawn from `random`.
 */
export function photographCodes(
  codes: readonly Uint8Array[],
  d: Degradation,
  random: () => number,
): DegradedPhoto {
  const params = drawParams(d, random);
  const photo: Raster = blankRaster(PHOTO_WIDTH, PHOTO_HEIGHT);
  fillTable(photo, between(random, 90, 150));
  const cell = PHOTO_WIDTH / codes.length;
  const inks = { table: 0, paper: between(random, 215, 245), ink: between(random, 15, 50) };
  const modulePxs: number[] = [];
  codes.forEach((bytes, i) => {
    const m = qrModules(bytes);
    const a = (params.angle! * Math.PI) / 180;
    const turn = Math.abs(Math.cos(a)) + Math.abs(Math.sin(a)); // a turned square's bounding box grows
    const fit = Math.min(cell * 0.9, PHOTO_HEIGHT * 0.9) / ((m.size + 12) * turn);
    const modulePx = params.modulePx ?? Math.min(fit, params.targetPx! / m.size);
    modulePxs.push(modulePx);
    const span = (m.size + 12) * modulePx * turn;
    const room = { x: Math.max(0, (cell - span) / 2), y: Math.max(0, (PHOTO_HEIGHT - span) / 2) };
    const placement: Placement = {
      centre: {
        x: cell * i + cell / 2 + between(random, -room.x, room.x),
        y: PHOTO_HEIGHT / 2 + between(random, -room.y, room.y),
      },
      modulePx,
      angle: a,
      tilt: params.tilt ?? 0,
      tiltEdge: params.tiltEdge ?? 0,
    };
    drawCode(photo, m, toCodeMap(m.size, placement, random), inks);
    if (params.glareSigma !== undefined) {
      const size = m.size * modulePx;
      const at = {
        x: placement.centre.x + between(random, -0.25, 0.25) * size,
        y: placement.centre.y + between(random, -0.25, 0.25) * size,
      };
      glare(photo, at, params.glareSigma * size, params.glareStrength!);
    }
  });
  if (params.blurModules !== undefined)
    blur(photo, Math.max(1, Math.round(params.blurModules * Math.min(...modulePxs))));
  if (params.contrast !== undefined) contrast(photo, params.contrast, params.mid!);
  if (params.noise! > 0) noise(photo, params.noise!, random);
  const format = d === 'clean' ? 'png' : 'jpeg';
  const file = format === 'png' ? encodePng(photo) : encodeJpeg(photo, params.quality!);
  return { degradation: d, expected: [...codes], file, format, params };
}

/**
 * The degraded-photo set: for every degradation, `perKind` photos, each of one payload taken in
 * turn from `payloads`.
 */
export function degradedPhotoSet(opts: {
  seed: number;
  perKind: number;
  payloads: readonly Uint8Array[];
  degradations?: readonly Degradation[];
}): DegradedPhoto[] {
  if (opts.payloads.length === 0) throw new RangeError('payloads must not be empty');
  const random = seededRandom(opts.seed);
  const out: DegradedPhoto[] = [];
  let next = 0;
  for (const d of opts.degradations ?? DEGRADATIONS)
    for (let i = 0; i < opts.perKind; i++)
      out.push(photographCodes([opts.payloads[next++ % opts.payloads.length]!], d, random));
  return out;
}
