/**
 * The printed tally sheet (spec/stations.md §6.7): an A4 PDF with the sheet's figures in words
 * and numbers, its CVR commitment and sheet hash, and its QR codes labelled "i of n", six to a
 * page, so that the page posted on the station's door can be photographed and checked
 * (`evident-station sheet read`). The standard PDF fonts only: the text stays extractable and
 * the file needs no font files (names outside Windows-1252 print approximately).
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { REJECT_REASONS, type SignedTallySheet, sheetHash } from '@evident/record';
import PDFDocument from 'pdfkit';

const MM = 72 / 25.4;
const MARGIN = 40;
/** A QR image, quiet zone included: 75 mm, two across and three down an A4 page. */
export const QR_PRINT_MM = 75;

/** Where the next line goes; adds a page when the current one is full. */
interface Cursor {
  readonly doc: PDFKit.PDFDocument;
  y: number;
}

function room(c: Cursor, height: number): void {
  if (c.y + height > c.doc.page.height - MARGIN) {
    c.doc.addPage();
    c.y = MARGIN;
  }
}

/** One line: `label` on the left, `value` right-aligned (each one text run, for extraction). */
function row(c: Cursor, label: string, value: string, opts: { bold?: boolean; indent?: number } = {}): void {
  room(c, 13);
  const width = c.doc.page.width - 2 * MARGIN;
  const x = MARGIN + (opts.indent ?? 0);
  c.doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  c.doc.text(label, x, c.y, { width: width * 0.7 - (opts.indent ?? 0), lineBreak: false });
  c.doc.text(value, MARGIN + width * 0.7, c.y, { width: width * 0.3, align: 'right', lineBreak: false });
  c.y += 13;
}

/** One line of a descriptive field: `label`, then `value` left-aligned in a wide column (wrapped if it must). */
function field(c: Cursor, label: string, value: string): void {
  const x = MARGIN + 160;
  const width = c.doc.page.width - MARGIN - x;
  c.doc.font('Helvetica').fontSize(9);
  const h = Math.max(13, c.doc.heightOfString(value, { width }) + 2);
  room(c, h);
  c.doc.font('Helvetica-Bold').text(label, MARGIN, c.y, { lineBreak: false });
  c.doc.font('Helvetica').text(value, x, c.y, { width });
  c.y += h;
}

function heading(c: Cursor, text: string, size = 11): void {
  room(c, size + 10);
  c.y += 4;
  c.doc.font('Helvetica-Bold').fontSize(size).text(text, MARGIN, c.y, { lineBreak: false });
  c.y += size + 6;
}

/** A paragraph of free text (a reason, a note), wrapped. */
function para(c: Cursor, text: string): void {
  c.doc.font('Helvetica').fontSize(9);
  const width = c.doc.page.width - 2 * MARGIN;
  const h = c.doc.heightOfString(text, { width });
  room(c, h + 4);
  c.doc.text(text, MARGIN, c.y, { width });
  c.y += h + 4;
}

function mono(c: Cursor, label: string, hex: string): void {
  room(c, 26);
  c.doc.font('Helvetica-Bold').fontSize(9).text(label, MARGIN, c.y, { lineBreak: false });
  c.doc
    .font('Courier')
    .fontSize(9)
    .text(hex, MARGIN, c.y + 12, { lineBreak: false });
  c.y += 28;
}

/** A manifest text in the election's first language (else any), or `fallback` (the label). */
const localized = (
  t: Readonly<Record<string, string>> | undefined,
  langs: readonly string[],
  fallback: string,
) => (t && (t[langs[0] ?? 'en'] ?? Object.values(t)[0])) ?? fallback;

function figures(c: Cursor, signed: SignedTallySheet, manifest: Manifest): void {
  const s = signed.sheet;
  const langs = manifest.languages;
  const station = manifest.pollingStations.find((p) => p.label === s.station);
  const district = manifest.districts.find((d) => d.label === station?.district);
  c.doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text('Polling station tally sheet', MARGIN, c.y, { lineBreak: false });
  c.y += 24;
  field(c, 'Election', `${localized(manifest.name, langs, s.electionId)} (${s.electionId})`);
  field(c, 'Polling station', `${localized(station?.name, langs, s.station)} (${s.station})`);
  field(
    c,
    'District',
    district ? `${localized(district.name, langs, district.label)} (${district.label})` : '-',
  );
  row(c, 'Sheet sequence', String(s.sequence));
  if (s.previousSheet) mono(c, 'Corrects the sheet of hash', s.previousSheet);
  if (s.correctionReason) para(c, `Correction: ${s.correctionReason}`);
  field(c, 'Counting start (UTC)', s.countingStart);
  field(c, 'Counting end (UTC)', s.countingEnd);
  field(
    c,
    'Clock offset to the server',
    s.clock.offsetMs === null ? 'never measured' : `${s.clock.offsetMs} ms`,
  );
  if (s.clock.override)
    para(c, `Clock override by ${s.clock.override.by.join(', ')}: ${s.clock.override.reason}`);
  heading(c, 'Voters and ballots');
  row(c, 'Voters checked in', String(s.checkIns));
  row(c, 'Ballots counted', String(s.ballots.bmd + s.ballots.handMarked));
  row(c, 'Ballots from the marking device', String(s.ballots.bmd), { indent: 12 });
  row(c, 'Hand-marked ballots', String(s.ballots.handMarked), { indent: 12 });
  row(c, 'Scans rejected', String(REJECT_REASONS.reduce((n, r) => n + s.rejected[r], 0)));
  for (const r of REJECT_REASONS) row(c, `Rejected: ${r}`, String(s.rejected[r]), { indent: 12 });
  para(c, `Reconciliation: ${s.reconciliation ?? 'ballots counted = voters checked in'}`);
  para(c, `Counted by: ${s.countedBy.join(', ') || '-'}`);
  para(c, `Witnesses: ${signed.witnesses.map((w) => w.name).join(', ') || 'none'}`);
  heading(c, 'Results');
  for (const t of s.contests) {
    const m = manifest.contests.find((x) => x.label === t.contest);
    room(c, 13 * 3 + 20);
    heading(c, `${localized(m?.name, langs, t.contest)} (${t.contest})`, 9.5);
    t.counts.forEach((n, i) =>
      row(c, localized(m?.options[i]?.name, langs, `option ${i + 1}`), String(n), { indent: 12 }),
    );
    row(c, 'Blank', String(t.blank), { indent: 12 });
    row(c, 'Overvoted', String(t.overvoted), { indent: 12 });
  }
  heading(c, 'Commitments');
  mono(c, 'CVR commitment', s.cvrCommitment);
  mono(c, 'Sheet hash', sheetHash(s));
}

function codes(doc: PDFKit.PDFDocument, signed: SignedTallySheet, pngs: readonly Buffer[]): void {
  const size = QR_PRINT_MM * MM;
  const perPage = 6;
  const gapX = (doc.page.width - 2 * MARGIN - 2 * size) / 2;
  for (let i = 0; i < pngs.length; i++) {
    if (i % perPage === 0) {
      doc.addPage();
      doc.font('Helvetica-Bold').fontSize(10);
      doc.text(
        `QR codes of the tally sheet of ${signed.sheet.station}, sequence ${signed.sheet.sequence}`,
        MARGIN,
        MARGIN,
        {
          lineBreak: false,
        },
      );
      doc
        .font('Courier')
        .fontSize(8)
        .text(`sheet hash ${sheetHash(signed.sheet)}`, MARGIN, MARGIN + 13, { lineBreak: false });
    }
    const k = i % perPage;
    const x = MARGIN + gapX / 2 + (k % 2) * (size + gapX);
    const y = MARGIN + 30 + Math.floor(k / 2) * (size + 18);
    doc.image(pngs[i]!, x, y, { width: size, height: size });
    doc.font('Helvetica-Bold').fontSize(10);
    doc.text(`${i + 1} of ${pngs.length}`, x, y + size + 2, {
      width: size,
      align: 'center',
      lineBreak: false,
    });
  }
}

/**
 * The printed sheet: figures first (as many pages as the contests need), then the QR codes.
 * @param pngs - the codes from `sheetQrPngs(signed)`, in part order
 * @returns the PDF file's bytes
 */
export function sheetPdf(
  signed: SignedTallySheet,
  manifest: Manifest,
  pngs: readonly Buffer[],
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Tally sheet ${signed.sheet.station} ${signed.sheet.sequence}`,
      Creator: 'evident-station',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  figures({ doc, y: MARGIN }, signed, manifest);
  codes(doc, signed, pngs);
  doc.end();
  return done;
}
