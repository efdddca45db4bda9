/** The known-answer vector of the tally-sheet QR parts (spec/vectors/paper/tally-sheet-parts.json). */
import { fromHex, paperPublicKey, toHex } from '@evident/e2e-crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleSheetParts } from './sheet-parts.js';
import { type SignedTallySheet, sheetHash, verifyTallySheetSignature } from './tally-sheet.js';

const file = fileURLToPath(new URL('../../../../spec/vectors/paper/tally-sheet-parts.json', import.meta.url));
const vector = JSON.parse(readFileSync(file, 'utf8')) as {
  maxPartBytes: number;
  stationPublicKey: string;
  signed: SignedTallySheet;
  sheetHash: string;
  parts: string[];
};

describe('spec/vectors/paper/tally-sheet-parts.json', () => {
  it('is signed by the station key of seed 0x01…01 and hashes to its sheet hash', () => {
    expect(vector.stationPublicKey).toBe(toHex(paperPublicKey(new Uint8Array(32).fill(1))));
    expect(sheetHash(vector.signed.sheet)).toBe(vector.sheetHash);
    expect(verifyTallySheetSignature(vector.signed, vector.stationPublicKey)).toBe(true);
  });

  it('assembles from its parts, in reverse order, to the signed sheet', () => {
    const parts = vector.parts.map((h) => fromHex(h));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(vector.maxPartBytes);
    const r = assembleSheetParts([...parts].reverse());
    expect(r).toEqual({ ok: true, signed: vector.signed, sheetHash: vector.sheetHash });
  });
});
