/**
 * A camera's view of ballots, as a video file Chromium's fake capture device plays in a loop
 * (`--use-file-for-fake-video-capture`): frames drawn from a ballot's QR text as a camera sees a
 * ballot held over the table — turned a little, seen at an angle (perspective), out of focus,
 * with sensor noise — or of the empty table; written as YUV4MPEG2 (Y4M, 4:2:0).
 */
import { writeFileSync } from 'node:fs';
import { qrModules } from '../src/scan/degrade.js';
import { blur, drawCode, fillTable, homography, noise, seededRandom } from '../src/scan/photo-ops.js';
import { blankRaster, type Raster } from '../src/scan/raster.js';
import { readCodesFromRaster } from '../src/scan/read-codes.js';

export const FRAME_WIDTH = 960;
export const FRAME_HEIGHT = 540;

/** One frame: the table, and the ballot's code on its paper when `qrText` is given. */
export function cameraFrame(qrText: string | null, seed: number): Raster {
  const random = seededRandom(seed);
  const r = blankRaster(FRAME_WIDTH, FRAME_HEIGHT);
  fillTable(r, 110 + 20 * random());
  if (qrText !== null) {
    const m = qrModules(new TextEncoder().encode(qrText));
    const half = 215; // the symbol spans ~430 px: 5 to 6 px per module
    const angle = ((4 + 3 * random()) * Math.PI) / 180;
    const far = 0.86; // the top edge is further from the lens: shorter
    const corners = [
      { x: -half * far, y: -half },
      { x: half * far, y: -half },
      { x: half, y: half },
      { x: -half, y: half },
    ];
    const centre = {
      x: FRAME_WIDTH / 2 + 30 * (random() - 0.5),
      y: FRAME_HEIGHT / 2 + 20 * (random() - 0.5),
    };
    const quad = corners.map((c) => ({
      x: centre.x + c.x * Math.cos(angle) - c.y * Math.sin(angle),
      y: centre.y + c.x * Math.sin(angle) + c.y * Math.cos(angle),
    }));
    const square = [
      { x: 0, y: 0 },
      { x: m.size, y: 0 },
      { x: m.size, y: m.size },
      { x: 0, y: m.size },
    ];
    drawCode(r, m, homography(quad, square), { table: 0, paper: 232, ink: 35 });
  }
  blur(r, 1);
  noise(r, 5, random);
  return r;
}

/** A scene: what is in front of the camera, for how many frames. */
export interface Shot {
  readonly qrText: string | null;
  readonly frames: number;
}

/**
 * `n` drawings of a scene that the station's reader reads (the code, or nothing for the empty
 * table): a drawing it cannot read is replaced by another (a test of the page, not of the
 * decoders, which scan/ measures on its degraded-photo set).
 */
export async function readableFrames(qrText: string | null, seed: number, n: number): Promise<Raster[]> {
  const out: Raster[] = [];
  for (let k = seed; out.length < n && k < seed + 40; k++) {
    const r = cameraFrame(qrText, k);
    const codes = await readCodesFromRaster(r);
    if (qrText === null ? codes.length === 0 : codes.some((c) => c.text === qrText)) out.push(r);
  }
  if (out.length < n) throw new Error(`no readable drawing of ${qrText?.slice(0, 40)}…`);
  return out;
}

/**
 * Writes the scenes as a Y4M video at `fps` frames per second (grey: chroma at 128). Each scene
 * alternates between two drawings (a hand is never still).
 */
export async function writeY4m(path: string, shots: readonly Shot[], fps: number): Promise<void> {
  const w = FRAME_WIDTH;
  const h = FRAME_HEIGHT;
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  let seed = 1;
  for (const s of shots) {
    const drawn = (await readableFrames(s.qrText, seed, 2)).map((r) => {
      const y = Buffer.alloc(w * h);
      for (let p = 0, i = 0; p < y.length; p++, i += 4)
        y[p] = (r.data[i]! * 77 + r.data[i + 1]! * 150 + r.data[i + 2]! * 29) >> 8;
      return y;
    });
    seed += 100;
    for (let f = 0; f < s.frames; f++) parts.push(Buffer.from('FRAME\n'), drawn[f % 2]!, chroma);
  }
  writeFileSync(path, Buffer.concat(parts));
}
