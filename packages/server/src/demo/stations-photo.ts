/**
 * The demo's sheet delivered only as photographs (`../demo.ts`): the station's printed QR codes
 * photographed (turned, in perspective, a little blurred, saved as JPEG by the camera), checked
 * with `evident-station sheet read` against the station's key, then taken in by the central
 * office — the codes read from the photos and sent as parts (`POST …/sheets {parts}`, admin
 * token) — and read again against the server, now published. Also every station's effective sheet
 * printed beside the record (`--out`): its QR codes as PNGs and the PDF.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSheetParts } from '@evident/record';
import {
  countEnvOf,
  photographCodes,
  readCodes,
  readStationPublicKey,
  seededRandom,
  sheetPdf,
  sheetQrPngs,
  stationSheets,
  type Degradation,
} from '@evident/polling-station';
import type { DemoStation } from './stations-plan.js';
import { withStationDb } from './stations-poll.js';
import type { StationKit } from './stations-setup.js';

/** How the photos are spoilt, in turn (each also JPEG-compressed and noisy). */
const PHOTO_FLAWS: readonly Degradation[] = ['rotation', 'perspective', 'blur'];

/** The station's effective (last) sheet. */
const lastSheet = (s: DemoStation) =>
  withStationDb(s, (sdb) => {
    const sheet = stationSheets(countEnvOf(sdb)).at(-1);
    if (!sheet) throw new Error(`${s.label}: no sheet signed`);
    return { ...sheet, manifest: countEnvOf(sdb).identity.manifest };
  });

/** What the photographed delivery showed. */
export interface PhotoDelivery {
  /** QR codes on the sheet */
  readonly codes: number;
  readonly photos: string[];
  readonly flaws: string[];
  readonly beforeRead: string;
  readonly afterRead: string;
  readonly sheetHash: string;
}

/** The codes of one photo, read back (what the central office's reader gets). */
const codesIn = async (file: Uint8Array) => (await readCodes(file)).map((c) => c.bytes);

/**
 * Photographs each QR code of the station's sheet (a photo that cannot be read is taken again),
 * reads them with `sheet read`, sends the parts as the central office and reads them again
 * against the server.
 */
export async function deliverByPhotos(kit: StationKit, s: DemoStation): Promise<PhotoDelivery> {
  const { signed } = await lastSheet(s);
  const parts = encodeSheetParts(signed);
  const dir = join(s.dir, 'photos');
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(parts.length * 7919 + signed.sheet.checkIns);
  const photos: string[] = [];
  const flaws: string[] = [];
  const sent: string[] = [];
  // every code photographed twice (the assembly ignores duplicates), each time differently spoilt
  const shots = parts.flatMap((part, i) => [0, 1].map((k) => ({ part, i, k })));
  for (const { part, i, k } of shots) {
    for (let attempt = 0; ; attempt++) {
      const flaw = PHOTO_FLAWS[(2 * i + k + attempt) % PHOTO_FLAWS.length]!;
      const photo = photographCodes([part], flaw, random);
      const read = await codesIn(photo.file);
      if (read.length === 1 && Buffer.from(read[0]!).equals(Buffer.from(part))) {
        const file = join(dir, `sheet-photo-${i + 1}${'ab'[k]}.${photo.format === 'jpeg' ? 'jpg' : 'png'}`);
        writeFileSync(file, photo.file);
        photos.push(file);
        flaws.push(flaw);
        break;
      }
      if (attempt === 5) throw new Error(`${s.label}: QR code ${i + 1} could not be photographed readably`);
    }
  }
  // an observer (or the central office) checks the photos against the station's registered key
  const beforeRead = await kit.cli([
    'sheet',
    'read',
    ...photos,
    '--station-key',
    readStationPublicKey(s.dir),
  ]);
  for (const f of photos)
    for (const b of await codesIn(readFileSync(f))) sent.push(Buffer.from(b).toString('base64'));
  const { d } = kit;
  const answer = await d.http(
    'POST',
    `/elections/${d.id}/stations/${s.label}/sheets`,
    { parts: sent },
    d.admin,
  );
  const afterRead = await kit.cli([
    'sheet',
    'read',
    ...photos,
    '--server',
    d.base,
    '--election',
    d.id,
    '--log-key',
    kit.logKey!,
  ]);
  return { codes: parts.length, photos, flaws, beforeRead, afterRead, sheetHash: String(answer.sheetHash) };
}

/**
 * Each station's effective sheet as printed: `DIR/stations/<station>/sheet-<n>.png` (its QR
 * codes, n from 1) and `sheet.pdf`.
 * @returns the number of QR codes written
 */
export async function writeStationSheets(stations: readonly DemoStation[], out: string): Promise<number> {
  let codes = 0;
  for (const s of stations) {
    const { signed, manifest } = await lastSheet(s);
    const dir = join(out, 'stations', s.label);
    mkdirSync(dir, { recursive: true });
    const pngs = await sheetQrPngs(signed);
    pngs.forEach((png, i) => writeFileSync(join(dir, `sheet-${i + 1}.png`), png));
    writeFileSync(join(dir, 'sheet.pdf'), await sheetPdf(signed, manifest, pngs));
    codes += pngs.length;
  }
  return codes;
}
