/**
 * Test fixture for `sheet read`: a signed sheet and its correction, their QR parts photographed
 * into PNG/JPEG files, and a board (log lines and a signed tree head) as a record folder holds it
 * and a server serves it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SignedTreeHead, generateLogKey, toHex } from '@evident/e2e-crypto';
import { type SignedTallySheet, encodeSheetParts, sheetHash, signTallySheet } from '@evident/record';
import { type Degradation, photographCodes } from '../src/scan/degrade.js';
import { signedBoard, writeBoardFolder } from '../../record/test/signed-board.js';
import { seededRandom } from '../src/scan/photo-ops.js';
import { sampleStationSheet } from '../src/sheet/sample-sheet.js';

export const PART_BYTES = 240;

export function makeSheets() {
  const sample = sampleStationSheet(20, 6, 1);
  const first = sample.signed;
  const second = signTallySheet(
    {
      ...first.sheet,
      sequence: 2,
      previousSheet: sheetHash(first.sheet),
      correctionReason: 'a ballot box was counted twice',
      checkIns: first.sheet.checkIns + 1,
    },
    sample.stationKey.secretKey,
  );
  return { ...sample, first, second, stationKeyHex: toHex(sample.stationKey.publicKey) };
}

export function partsOf(signed: SignedTallySheet): Uint8Array[] {
  return encodeSheetParts(signed, { maxPartBytes: PART_BYTES });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sheet-read-'));
}

/** Writes one photo per group of codes; returns the file paths. */
export function writePhotos(
  dir: string,
  groups: readonly { codes: readonly Uint8Array[]; degradation: Degradation }[],
  seed = 1,
  prefix = 'photo',
): string[] {
  const random = seededRandom(seed);
  return groups.map((g, i) => {
    const photo = photographCodes(g.codes, g.degradation, random);
    const file = join(dir, `${prefix}-${i}.${photo.format === 'png' ? 'png' : 'jpg'}`);
    writeFileSync(file, photo.file);
    return file;
  });
}

export interface Board {
  readonly lines: string[];
  readonly head: SignedTreeHead;
  readonly logKeyHex: string;
}

/** The board: setup, the station's key, open, then the given sheets published in order. */
export function makeBoard(
  electionId: string,
  station: string,
  stationKeyHex: string,
  published: readonly SignedTallySheet[],
): Board {
  const log = generateLogKey();
  const logKeyHex = toHex(log.publicKey);
  const entries: object[] = [
    { type: 'setup', electionId, logPublicKey: logKeyHex, time: 1 },
    { type: 'station-key', station, publicKey: stationKeyHex, time: 2 },
    { type: 'open', time: 3 },
    ...published.map((signed, i) => ({
      type: 'station-sheet',
      sheetHash: sheetHash(signed.sheet),
      signed,
      via: 'network',
      time: 10 + i,
    })),
  ];
  const { texts: lines, head } = signedBoard(entries, electionId, log, 1000);
  return { lines, head, logKeyHex };
}

/** Writes the board as an exported record's `board/` folder. */
export function writeRecord(dir: string, board: Board, withHeads = true): string {
  return writeBoardFolder(dir, board.lines, withHeads ? [board.head] : undefined);
}
