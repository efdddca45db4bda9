import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { cosignTallySheet, sheetHash, signTallySheet } from '@evident/record';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  makeBoard,
  makeSheets,
  partsOf,
  tempDir,
  writePhotos,
  writeRecord,
} from '../../test/sheet-read-fixture.js';
import { main } from '../cli.js';
import { sheetQrPngs } from '../sheet/sheet-qr.js';
import { sheetRead } from './read-sheet.js';

const { first, second, stationKeyHex } = makeSheets();
const firstParts = partsOf(first);
const secondParts = partsOf(second);
const E = first.sheet.electionId;
const S = first.sheet.station;
const all = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Photos of a sheet's parts: clean and degraded, shuffled, one part photographed twice. */
function sheetPhotos(dir: string, parts: readonly Uint8Array[], prefix = 'photo'): string[] {
  const [p1, p2, p3, p4, ...rest] = parts;
  expect(parts.length).toBeGreaterThanOrEqual(5);
  return writePhotos(
    dir,
    [
      { codes: [p3!, p1!], degradation: 'rotation' },
      { codes: rest, degradation: 'clean' },
      { codes: [p2!], degradation: 'jpeg' },
      { codes: [p4!, p1!], degradation: 'perspective' },
    ],
    1,
    prefix,
  );
}

function recordWith(dir: string, published = [first], key = stationKeyHex) {
  const board = makeBoard(E, S, key, published);
  return { board, record: writeRecord(join(dir, 'record'), board) };
}

/** Runs the CLI, capturing what it prints. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('sheet read against a record', () => {
  it('reads shuffled, duplicated, degraded photos: valid and published, exit 0', async () => {
    const dir = tempDir();
    const { record } = recordWith(dir);
    const r = await sheetRead({ images: sheetPhotos(dir, firstParts), record });
    expect(r.exitCode).toBe(0);
    expect(r.sheets).toHaveLength(1);
    expect(r.sheets[0]).toMatchObject({
      status: 'valid',
      signature: 'valid',
      publication: 'published',
      station: S,
    });
    expect(r.sheets[0]!.sheetHash).toBe(sheetHash(first.sheet));
    expect(r.sheets[0]!.parts.found).toEqual(all(firstParts.length));
    expect(r.photos.map((p) => p.sheetParts)).toEqual([2, firstParts.length - 4, 1, 2]);
  });

  it('names the missing parts, exit 2', async () => {
    const dir = tempDir();
    const { record } = recordWith(dir);
    const n = firstParts.length;
    const photos = writePhotos(dir, [{ codes: firstParts.slice(0, n - 2), degradation: 'clean' }]);
    const r = await sheetRead({ images: photos, record });
    expect(r.exitCode).toBe(2);
    expect(r.sheets[0]!.status).toBe('incomplete');
    expect(r.sheets[0]!.message).toContain(`2 of ${n} missing: ${n - 1}, ${n}`);
    expect(r.sheets[0]!.parts.missing).toEqual([n - 1, n]);
  });

  it('reports a part of another sheet on its own: this sheet valid, the other incomplete, exit 2', async () => {
    const dir = tempDir();
    const { record } = recordWith(dir);
    const stray = writePhotos(dir, [{ codes: [secondParts[1]!], degradation: 'glare' }], 9, 'stray');
    const r = await sheetRead({ images: [...sheetPhotos(dir, firstParts), ...stray], record });
    expect(r.exitCode).toBe(2);
    const got = r.sheets.map((s) => [s.status, s.parts.found]);
    expect(got).toContainEqual(['valid', all(firstParts.length)]);
    expect(got).toContainEqual(['incomplete', [2]]);
  });

  it('refuses a sheet the board has superseded, naming the later one, exit 1; the later one is 0', async () => {
    const dir = tempDir();
    const { record } = recordWith(dir, [first, second]);
    const old = await sheetRead({ images: sheetPhotos(dir, firstParts), record });
    expect(old.exitCode).toBe(1);
    expect(old.sheets[0]).toMatchObject({ publication: 'superseded', signature: 'valid' });
    expect(old.sheets[0]!.supersededBy).toMatchObject({ sheetHash: sheetHash(second.sheet), sequence: 2 });
    const now = await sheetRead({ images: sheetPhotos(dir, secondParts, 'second'), record });
    expect(now.exitCode).toBe(0);
    expect(now.sheets[0]!.publication).toBe('published');
  });

  it('refuses a sheet that is not on the board, exit 1', async () => {
    const dir = tempDir();
    const { record } = recordWith(dir, [second]);
    const r = await sheetRead({ images: sheetPhotos(dir, firstParts), record });
    expect(r.exitCode).toBe(1);
    expect(r.sheets[0]).toMatchObject({ status: 'invalid', publication: 'not-published' });
  });

  it('refuses a sheet signed by another key than the registered one, exit 1', async () => {
    const dir = tempDir();
    const forged = signTallySheet(first.sheet, generatePaperKey().secretKey);
    const { record } = recordWith(dir, [first]);
    const r = await sheetRead({ images: sheetPhotos(dir, partsOf(forged)), record });
    expect(r.exitCode).toBe(1);
    expect(r.sheets[0]).toMatchObject({ status: 'invalid', signature: 'invalid' });
    expect(r.sheets[0]!.message).toMatch(/station signature does not verify/);
  });

  it('refuses a record whose log does not hash to its signed head, exit 1, naming the file', async () => {
    const dir = tempDir();
    const { board } = recordWith(dir);
    const tampered = {
      ...board,
      lines: [...board.lines.slice(0, -1), board.lines.at(-1)!.replace('"time":10', '"time":11')],
    };
    const record = writeRecord(join(dir, 'tampered'), tampered);
    const r = await cli(['sheet', 'read', ...sheetPhotos(dir, firstParts), '--record', record]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tampered\/board\/log\.jsonl: .*signed root/);
  });

  it('refuses a log key other than the one pinned, exit 1', async () => {
    const dir = tempDir();
    const { record } = recordWith(dir);
    const other = toHex(generatePaperKey().publicKey);
    const r = await cli([
      'sheet',
      'read',
      ...sheetPhotos(dir, firstParts),
      '--record',
      record,
      '--log-key',
      other,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/another log key than the one pinned with --log-key/);
  });

  it('names a file that is not a photo, and one that does not exist, exit 2', async () => {
    const dir = tempDir();
    const bad = join(dir, 'notes.png');
    writeFileSync(bad, 'not an image');
    const photos = sheetPhotos(dir, firstParts);
    const r = await cli(['sheet', 'read', ...photos, bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}: not a PNG or JPEG file`);
    const missing = join(dir, 'nowhere.jpg');
    const m = await cli(['sheet', 'read', missing, '--json']);
    expect(m.code).toBe(2);
    expect(JSON.parse(m.out)).toEqual({ exitCode: 2, error: `${missing}: cannot be read (ENOENT)` });
  });

  it('says so when the photos hold no sheet code, exit 2', async () => {
    const dir = tempDir();
    const photos = writePhotos(dir, [
      { codes: [new TextEncoder().encode('EVB1.not-a-sheet')], degradation: 'clean' },
    ]);
    const r = await cli(['sheet', 'read', ...photos]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no tally-sheet code found in 1 photo\(s\) \(1 other code\(s\)\)/);
  });
});

describe('sheet read without a board', () => {
  it('is valid with the chain checked, saying it was not compared, exit 0 (JSON)', async () => {
    const dir = tempDir();
    const r = await cli(['sheet', 'read', ...sheetPhotos(dir, firstParts), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.sheets[0]).toMatchObject({
      status: 'valid',
      signature: 'not-checked',
      publication: 'not-compared',
    });
    expect(report.sheets[0].message).toMatch(/not checked/);
  });

  it('checks the signature under --station-key: 0 for the station key, 1 for another', async () => {
    const dir = tempDir();
    const photos = sheetPhotos(dir, firstParts);
    const ok = await cli(['sheet', 'read', ...photos, '--station-key', stationKeyHex]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/station signature: valid; publication: not-compared/);
    const other = await cli([
      'sheet',
      'read',
      ...photos,
      '--station-key',
      toHex(generatePaperKey().publicKey),
    ]);
    expect(other.code).toBe(1);
    expect(other.out).toMatch(/INVALID: .*does not verify under --station-key/);
  });
});

describe('sheet read: keys', () => {
  it('refuses a sheet whose station has no registered key, exit 1', async () => {
    const dir = tempDir();
    const board = makeBoard(E, 'another-station', stationKeyHex, []);
    const record = writeRecord(join(dir, 'record'), board);
    const r = await sheetRead({ images: sheetPhotos(dir, firstParts), record });
    expect(r.exitCode).toBe(1);
    expect(r.sheets[0]!.message).toMatch(/has no station-key entry before opening/);
  });

  it('refuses a sheet with a witness co-signature that does not verify, exit 1', async () => {
    const dir = tempDir();
    const a = generatePaperKey();
    const b = generatePaperKey();
    const cosigned = cosignTallySheet(
      { ...first, witnesses: [] },
      'Witness A',
      a.secretKey,
      toHex(b.publicKey),
    );
    const r = await sheetRead({ images: sheetPhotos(dir, partsOf(cosigned)), stationKey: stationKeyHex });
    expect(r.exitCode).toBe(1);
    expect(r.sheets[0]!.message).toContain('the co-signature of witness "Witness A" does not verify');
    expect(r.sheets[0]!.witnesses.at(-1)).toEqual({ name: 'Witness A', valid: false });
  });
});

describe('sheet read of the QR images the station prints', () => {
  it('reads the PNG files the station renders (one per part, shuffled), exit 0', async () => {
    const dir = tempDir();
    const { record } = recordWith(dir);
    const pngs = await sheetQrPngs(first);
    const files = pngs.map((png, i) => {
      const f = join(dir, `sheet-${i + 1}.png`);
      writeFileSync(f, png);
      return f;
    });
    const r = await cli(['sheet', 'read', ...files.reverse(), '--record', record, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.sheets[0]).toMatchObject({
      status: 'valid',
      publication: 'published',
      parts: { total: pngs.length },
    });
  });
});
