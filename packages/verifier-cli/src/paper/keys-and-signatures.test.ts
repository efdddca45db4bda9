/**
 * P1 (keys) and P2 (sheet signatures and hashes) on boards with real Ed25519 signatures: the
 * honest board passes; each way a key or a signature can be wrong is a finding at its line and field.
 */
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { describe, expect, it } from 'vitest';
import {
  AT,
  KEYS,
  copyBoard,
  honestPaperBoard,
  line,
  paperFindings,
  resignSheet,
  runPaper,
} from '../../test/paper-board-fixture.js';

const board = honestPaperBoard();
const findings = (b: Parameters<typeof runPaper>[0]) => paperFindings(b);
const inserted = (at: number, e: Record<string, unknown>) => {
  const b = copyBoard(board);
  b.splice(at, 0, e);
  return b;
};

describe('P1 paper keys', () => {
  it('the honest board has no finding', () => {
    expect(findings(board)).toEqual([]);
  });

  it('a second printing key, or one after open', () => {
    const k = { type: 'printing-key', publicKey: toHex(generatePaperKey().publicKey), time: 2 };
    expect(findings(inserted(AT.printingKey + 1, k))).toEqual([['P1', line(AT.printingKey + 1)]]);
    const late = copyBoard(board);
    late.splice(AT.printingKey, 1);
    late.splice(AT.open, 0, board[AT.printingKey]!); // now just after open
    expect(findings(late)).toContainEqual(['P1', line(AT.open)]);
  });

  it('a station key for no station of the manifest, a second one, one after open, a key that is no point, a shared key', () => {
    const key = (station: string, publicKey = toHex(generatePaperKey().publicKey)) => ({
      type: 'station-key',
      station,
      publicKey,
      time: 3,
    });
    expect(findings(inserted(AT.keyS3 + 1, key('S9')))).toEqual([['P1', line(AT.keyS3 + 1, 'station')]]);
    expect(findings(inserted(AT.keyS3 + 1, key('S1')))).toEqual([['P1', line(AT.keyS3 + 1, 'station')]]);
    const late = copyBoard(board);
    late.splice(AT.keyS3, 1);
    late.splice(AT.open, 0, board[AT.keyS3]!);
    expect(findings(late)).toEqual([['P1', line(AT.open)]]);
    for (const bad of ['00'.repeat(31), `01${'00'.repeat(31)}`, 'ZZ'.repeat(32)]) {
      const b = copyBoard(board);
      b[AT.keyS3]!.publicKey = bad;
      expect(findings(b), bad).toEqual([['P1', line(AT.keyS3, 'publicKey')]]);
    }
    const shared = copyBoard(board);
    shared[AT.keyS3]!.publicKey = toHex(KEYS.S1.publicKey);
    expect(findings(shared)).toEqual([['P1', line(AT.keyS3, 'publicKey')]]);
  });
});

describe('P2 sheet signatures and hashes', () => {
  it('a sheet signed by another key than its station’s', () => {
    const b = copyBoard(board);
    resignSheet(b, AT.sheetS2, () => {}, KEYS.S1.secretKey);
    expect(findings(b)).toEqual([['P2', line(AT.sheetS2, 'signed.signature')]]);
  });

  it('a sheet of a station without a registered key', () => {
    const b = copyBoard(board);
    b.splice(AT.keyS2, 1);
    expect(findings(b)).toContainEqual(['P2', line(AT.sheetS2 - 1, 'signed.sheet.station')]);
  });

  it('a witness co-signature that does not verify, a witness without a key', () => {
    const b = copyBoard(board);
    const w = (b[AT.sheetS1Fixed]!.signed as { witnesses: Record<string, unknown>[] }).witnesses;
    w[0]!.publicKey = toHex(KEYS.S2.publicKey);
    expect(findings(b)).toEqual([['P2', line(AT.sheetS1Fixed, 'signed.witnesses[0].signature')]]);
    w[0]!.publicKey = 'AB';
    expect(findings(b)).toEqual([['P2', line(AT.sheetS1Fixed, 'signed.witnesses[0]')]]);
  });

  it('a sheet hash that is not the hash of the sheet; an entry without a signed sheet', () => {
    const b = copyBoard(board);
    b[AT.sheetS2]!.sheetHash = 'AB'.repeat(32);
    expect(findings(b)).toEqual([['P2', line(AT.sheetS2, 'sheetHash')]]);
    b[AT.sheetS2]!.signed = 'a sheet';
    expect(findings(b)).toContainEqual(['P2', line(AT.sheetS2, 'signed')]);
  });

  it('accepts lower-case hex in keys, signatures and hashes', () => {
    const b = copyBoard(board);
    b[AT.keyS2]!.publicKey = String(b[AT.keyS2]!.publicKey).toLowerCase();
    const s = b[AT.sheetS2]! as { signed: { signature: string }; sheetHash: string };
    s.signed.signature = s.signed.signature.toLowerCase();
    s.sheetHash = s.sheetHash.toLowerCase();
    expect(findings(b)).toEqual([]);
  });
});
