/**
 * `sheet make|correct --out DIR`: the printed report in a folder — the signed sheet as JSON, each
 * QR code as `sheet-<n>.png` (read back, they assemble to the signed sheet) and the PDF.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SignedTallySheet, assembleSheetParts, sheetHash } from '@evident/record';
import { PASSPHRASE, cliStation } from '../../test/cli-station.js';
import { main } from '../cli.js';
import { bmdBallotCode } from '../ballots/ballot-qr.js';
import { readCodes } from '../scan/read-codes.js';

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.env.EVIDENT_STATION_PASSPHRASE = PASSPHRASE;
});
afterEach(() => vi.restoreAllMocks());

const choices = [
  { contest: 'national', selected: ['national-option-2'] },
  { contest: 'd1-c1', selected: ['d1-c1-option-1'] },
  { contest: 'd1-c2', selected: [] },
];

/** The PNGs of a folder, read back and assembled. */
async function assembled(dir: string, n: number) {
  const parts: Uint8Array[] = [];
  for (let i = 1; i <= n; i++)
    for (const c of await readCodes(readFileSync(join(dir, `sheet-${i}.png`)))) parts.push(c.bytes);
  return assembleSheetParts(parts);
}

describe('sheet make|correct --out DIR', () => {
  it('writes sheet.json, sheet-<n>.png for every QR part and sheet.pdf; a correction likewise', async () => {
    const s = cliStation({ countingStartInstant: Date.now() - 60_000, printingKey: null, checkIns: 1 });
    const place = { electionId: 'E1', station: 'station-1', style: 'style-1' };
    const scan = () =>
      main([
        'count',
        'scan',
        '--dir',
        s.dir,
        '--worker',
        s.ana,
        '--text',
        bmdBallotCode(place, choices, s.stationKey.secretKey),
      ]);
    expect(await main(['count', 'start', '--dir', s.dir, '--worker', s.ana])).toBe(0);
    expect(await scan()).toBe(0);
    expect(await main(['count', 'finish', '--dir', s.dir, '--worker', s.ana])).toBe(0);
    const first = join(s.dir, 'out', 'first');
    out = '';
    expect(await main(['sheet', 'make', '--dir', s.dir, '--worker', s.ana, '--out', first])).toBe(0);
    const answer = JSON.parse(out) as { sheetHash: string; written: string[] };
    const pngs = readdirSync(first).filter((f) => /^sheet-\d+\.png$/.test(f));
    expect(pngs.length).toBeGreaterThan(0);
    expect(answer.written).toEqual([
      join(first, 'sheet.json'),
      ...pngs.map((_, i) => join(first, `sheet-${i + 1}.png`)),
      join(first, 'sheet.pdf'),
    ]);
    const signed = JSON.parse(readFileSync(join(first, 'sheet.json'), 'utf8')) as SignedTallySheet;
    expect(sheetHash(signed.sheet)).toBe(answer.sheetHash);
    const read = await assembled(first, pngs.length);
    expect(read).toMatchObject({ ok: true, sheetHash: answer.sheetHash });
    expect(readFileSync(join(first, 'sheet.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    expect(
      await main(['count', 'reopen', '--dir', s.dir, '--worker', s.ana, '--reason', 'one more ballot']),
    ).toBe(0);
    expect(await scan()).toBe(0);
    expect(
      await main(['count', 'finish', '--dir', s.dir, '--worker', s.ana, '--explain', 'a ballot found']),
    ).toBe(0);
    const second = join(s.dir, 'out', 'second');
    out = '';
    const correct = ['sheet', 'correct', '--dir', s.dir, '--worker', s.ana, '--reason', 'a ballot found'];
    expect(await main([...correct, '--out', second])).toBe(0);
    const corrected = JSON.parse(out) as { sheetHash: string; sequence: number };
    expect(corrected.sequence).toBe(2);
    const n = readdirSync(second).filter((f) => /^sheet-\d+\.png$/.test(f)).length;
    const again = await assembled(second, n);
    expect(again).toMatchObject({ ok: true, sheetHash: corrected.sheetHash });
    expect(again.ok && again.signed.sheet.previousSheet).toBe(answer.sheetHash);
    expect(existsSync(join(second, 'sheet.pdf'))).toBe(true);
  });
});
