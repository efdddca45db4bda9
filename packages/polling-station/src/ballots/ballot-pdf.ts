/**
 * The printed paper ballot (spec/stations.md §3.1): one A4 page per ballot with the election,
 * the station, instructions, every contest of the station's style with a box per option, and
 * the signed QR code at the top right. The same layout prints a marking-device ballot, with the
 * voter's choices in words in place of empty boxes.
 * @module
 */
import type { Manifest, ManifestContest } from '@evident/e2e-crypto';
import type { TokenChoice } from '@evident/record';
import PDFDocument from 'pdfkit';
import { ballotQrPng } from './ballot-qr.js';

/** What is printed on every ballot of a station. */
export interface BallotLayout {
  readonly manifest: Manifest;
  readonly station: string;
  /** language tag; the manifest's first language by default */
  readonly lang?: string;
}

const MARGIN = 50;
const QR_SIZE = 140;

/** The text of `names` in `lang`, else in the manifest's first language, else any. */
export function localName(names: Readonly<Record<string, string>>, lang: string, manifest: Manifest): string {
  return names[lang] ?? names[manifest.languages[0] ?? ''] ?? Object.values(names)[0] ?? '';
}

/** The station's contests (its style's, in manifest order). */
export function layoutContests(layout: BallotLayout): ManifestContest[] {
  const st = layout.manifest.pollingStations.find((s) => s.label === layout.station);
  const style = layout.manifest.ballotStyles.find((s) => s.label === st?.ballotStyle);
  if (!st || !style) throw new RangeError(`station: "${layout.station}" has no ballot style in the manifest`);
  return layout.manifest.contests.filter((c) => style.contests.includes(c.label));
}

function limitText(c: ManifestContest): string {
  return c.voteLimit === 1 ? 'Vote for one.' : `Vote for up to ${c.voteLimit}.`;
}

function newPage(doc: PDFKit.PDFDocument): number {
  doc.addPage();
  return MARGIN;
}

async function drawBallot(
  doc: PDFKit.PDFDocument,
  layout: BallotLayout,
  qrText: string,
  choices: readonly TokenChoice[] | null,
): Promise<void> {
  const m = layout.manifest;
  const lang = layout.lang ?? m.languages[0] ?? 'en';
  const station = m.pollingStations.find((s) => s.label === layout.station)!;
  const png = await ballotQrPng(qrText, 4);
  const right = doc.page.width - MARGIN;
  doc.image(png, right - QR_SIZE, MARGIN, { width: QR_SIZE, height: QR_SIZE });
  doc.fontSize(7).text('Do not mark or fold the code.', right - QR_SIZE, MARGIN + QR_SIZE + 2, {
    width: QR_SIZE,
    align: 'center',
  });
  const textWidth = right - QR_SIZE - 20 - MARGIN;
  doc.fontSize(18).text(localName(m.name, lang, m), MARGIN, MARGIN, { width: textWidth });
  doc.fontSize(12).text(localName(station.name, lang, m), { width: textWidth });
  doc.moveDown(0.5);
  doc
    .fontSize(10)
    .text(
      choices
        ? 'Ballot printed by the ballot-marking device. Check that the choices below are yours, then put it in the ballot box.'
        : 'Mark the box next to your choice in each contest with a cross or by filling it. Do not mark more options than allowed.',
      { width: textWidth },
    );
  let y = Math.max(doc.y + 20, MARGIN + QR_SIZE + 30);
  for (const c of layoutContests(layout)) {
    const selected = choices?.find((x) => x.contest === c.label)?.selected ?? null;
    const rows = choices ? Math.max(1, selected?.length ?? 0) : c.options.length;
    if (y + 40 + rows * 22 > doc.page.height - MARGIN) y = newPage(doc);
    doc.fontSize(13).text(localName(c.name, lang, m), MARGIN, y);
    doc.fontSize(9).text(limitText(c), MARGIN, doc.y);
    y = doc.y + 6;
    if (choices) {
      const names = (selected ?? [])
        .map((l) => c.options.find((o) => o.label === l))
        .map((o) => (o ? localName(o.name, lang, m) : '?'));
      for (const n of names.length > 0 ? names : ['No choice (blank)']) {
        doc.rect(MARGIN + 4, y, 14, 14).fillAndStroke('black', 'black');
        doc
          .fillColor('black')
          .fontSize(12)
          .text(n, MARGIN + 28, y + 1);
        y += 22;
      }
    } else {
      for (const o of c.options) {
        doc
          .rect(MARGIN + 4, y, 14, 14)
          .lineWidth(1.2)
          .stroke();
        const party = o.party ? ` (${o.party})` : '';
        doc.fontSize(12).text(`${localName(o.name, lang, m)}${party}`, MARGIN + 28, y + 1);
        y += 22;
      }
    }
    y += 12;
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** A PDF of blank ballots, one (or more, for long ballots) A4 page per QR text. */
export async function blankBallotsPdf(layout: BallotLayout, codes: readonly string[]): Promise<Buffer> {
  layoutContests(layout); // refuses an unknown station before anything is drawn
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: 'Ballots' },
  });
  const out = collect(doc);
  for (const code of codes) {
    doc.addPage();
    await drawBallot(doc, layout, code, null);
  }
  doc.end();
  return out;
}

/** A PDF of one marking-device ballot: the choices in words and the code carrying them. */
export async function bmdBallotPdf(
  layout: BallotLayout,
  code: string,
  choices: readonly TokenChoice[],
): Promise<Buffer> {
  layoutContests(layout);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: 'Ballot' },
  });
  const out = collect(doc);
  doc.addPage();
  await drawBallot(doc, layout, code, choices);
  doc.end();
  return out;
}
