import { REJECT_REASONS, sheetHash } from '@evident/record';
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { sampleStationSheet } from './sample-sheet.js';
import { sheetPdf } from './sheet-pdf.js';
import { sheetQrPngs } from './sheet-qr.js';

/**
 * The text runs of a PDF made by pdfkit with the standard fonts, in drawing order: each
 * content stream inflated, each `[<hex> kerning <hex> …] TJ` joined into one string
 * (Windows-1252 bytes, read as Latin-1, which agrees on everything the sample prints).
 */
function pdfTextRuns(pdf: Buffer): string[] {
  const runs: string[] = [];
  const raw = pdf.toString('latin1');
  const streamRe = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streamRe.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a deflated stream
    }
    if (!content.includes('BT')) continue;
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      runs.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return runs;
}

/** Index of `run` as a consecutive sequence inside `all`, or -1. */
function indexOfRun(all: readonly string[], run: readonly string[]): number {
  for (let i = 0; i + run.length <= all.length; i++) if (run.every((r, j) => all[i + j] === r)) return i;
  return -1;
}

describe('sheetPdf', () => {
  it('prints every figure of the sheet, its commitments, and the codes labelled i of n', async () => {
    const { signed, manifest } = sampleStationSheet(12, 10);
    const s = signed.sheet;
    const pngs = await sheetQrPngs(signed);
    const pdf = await sheetPdf(signed, manifest, pngs);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const runs = pdfTextRuns(pdf);
    const pair = (label: string, value: number | string) =>
      expect(indexOfRun(runs, [label, String(value)])).toBeGreaterThanOrEqual(0);
    pair('Election', `General election, 10 May 2026 (${s.electionId})`);
    pair('Polling station', 'Riverside Primary School, hall B (station-0417)');
    pair('Sheet sequence', s.sequence);
    pair('Counting start (UTC)', s.countingStart);
    pair('Counting end (UTC)', s.countingEnd);
    pair('Voters checked in', s.checkIns);
    pair('Ballots counted', s.ballots.bmd + s.ballots.handMarked);
    pair('Ballots from the marking device', s.ballots.bmd);
    pair('Hand-marked ballots', s.ballots.handMarked);
    for (const r of REJECT_REASONS) pair(`Rejected: ${r}`, s.rejected[r]);
    expect(runs).toContain(`Reconciliation: ${s.reconciliation}`);
    for (const t of s.contests) {
      const m = manifest.contests.find((c) => c.label === t.contest)!;
      const block = [
        `${m.name.en} (${t.contest})`,
        ...t.counts.flatMap((n, i) => [m.options[i]!.name.en!, String(n)]),
        'Blank',
        String(t.blank),
        'Overvoted',
        String(t.overvoted),
      ];
      expect(indexOfRun(runs, block), t.contest).toBeGreaterThanOrEqual(0);
    }
    expect(indexOfRun(runs, ['CVR commitment', s.cvrCommitment])).toBeGreaterThanOrEqual(0);
    expect(indexOfRun(runs, ['Sheet hash', sheetHash(s)])).toBeGreaterThanOrEqual(0);
    pngs.forEach((_, i) => expect(runs).toContain(`${i + 1} of ${pngs.length}`));
  });

  it('prints a correction: the sheet it corrects, why, and a clock override', async () => {
    const { signed, manifest } = sampleStationSheet(2, 3, 0);
    const previous = sheetHash(signed.sheet);
    const sheet = {
      ...signed.sheet,
      sequence: 2,
      previousSheet: previous,
      correctionReason: 'ward 2 count re-entered after the recount',
      clock: {
        offsetMs: null,
        measuredAt: null,
        override: { by: ['Ana Souza', 'Peter Miller'], reason: 'no network all day' },
      },
    };
    const runs = pdfTextRuns(await sheetPdf({ ...signed, sheet }, manifest, []));
    expect(indexOfRun(runs, ['Sheet sequence', '2'])).toBeGreaterThanOrEqual(0);
    expect(indexOfRun(runs, ['Corrects the sheet of hash', previous])).toBeGreaterThanOrEqual(0);
    expect(runs).toContain('Correction: ward 2 count re-entered after the recount');
    expect(indexOfRun(runs, ['Clock offset to the server', 'never measured'])).toBeGreaterThanOrEqual(0);
    expect(runs).toContain('Clock override by Ana Souza, Peter Miller: no network all day');
  });

  it('a changed figure shows: the reader is not blind (a count changed by one is found missing)', async () => {
    const { signed, manifest } = sampleStationSheet(3, 4);
    const runs = pdfTextRuns(await sheetPdf(signed, manifest, []));
    const t = signed.sheet.contests[1]!;
    const name = manifest.contests[1]!.options[2]!.name.en!;
    expect(indexOfRun(runs, [name, String(t.counts[2])])).toBeGreaterThanOrEqual(0);
    expect(indexOfRun(runs, [name, String(t.counts[2]! + 1)])).toBe(-1);
  });

  it('spreads 200 contests and their codes over several A4 pages, six codes to a page', async () => {
    const { signed, manifest } = sampleStationSheet(200, 10, 1);
    const pngs = await sheetQrPngs(signed);
    const pdf = await sheetPdf(signed, manifest, pngs);
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g)!.length;
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const codePages = Math.ceil(pngs.length / 6);
    expect(pages).toBeGreaterThan(codePages + 10);
    const runs = pdfTextRuns(pdf);
    expect(runs).toContain(`${pngs.length} of ${pngs.length}`);
    expect(PNG.sync.read(pngs[0]!).width).toBeGreaterThan(0);
  });
});
