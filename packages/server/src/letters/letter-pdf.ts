/**
 * A voter's credential letter as a printable PDF (spec/credentials.md §6), drawn with pdfkit: the
 * words in the reports' embedded font (Latin and Arabic, shaped; right to left in Arabic) through
 * the reports' one PDF text writer (`drawText` of `@evident/report`), the code, addresses and key
 * in Courier, left to right in every language: the credential code (grouped for reading), the voter page's address,
 * the ballot tracker's address, and the bulletin board's log public key, in hex and as a QR code
 * (level M, drawn from a PNG made by `qrcode`). With the key from the letter, the tracker checks
 * the board under a key printed before the election, not under one the server hands out then.
 *
 * Thousands of letters are made in a row: they share the fonts opened once (`registerPdfFonts`; a
 * font opened per letter had its shaping tables decoded again each time, ~70 ms of a letter) and
 * the QR image of the one log key (made once per key).
 * @module
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { langDir, translator, type Lang } from '@evident/i18n';
import { drawText, registerPdfFonts } from '@evident/report';
import { fromHex, normalizeCredentialCode, toHex } from '@evident/e2e-crypto';
import { LETTER_STRINGS } from './letter-strings.js';

/** What one letter prints. */
export interface Letter {
  readonly electionId: string;
  readonly electionName: string;
  readonly voterId: string;
  /** the credential code, in any accepted form (normalised and grouped for printing) */
  readonly code: string;
  readonly voteUrl: string;
  readonly trackUrl: string;
  /** the log's Ed25519 public key, 64 hex digits */
  readonly logPublicKey: string;
}

/** The languages a letter prints in. */
export const LETTER_LANGS = ['en', 'fr', 'ar'] as const satisfies readonly Lang[];
/** A language a letter prints in. */
export type LetterLang = (typeof LETTER_LANGS)[number];

const MARGIN = 56;
const QR_SIZE = 150;

/** The code as printed: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X`. */
export const printedCode = (code: string): string =>
  normalizeCredentialCode(code)
    .match(/.{1,5}/g)!
    .join('-');

/** The last key's QR image (every letter of an election prints the same key). */
let lastQr: { key: string; png: Promise<Buffer> } | undefined;

/** The QR code of `key` as a PNG (level M), made once per key in a row. */
function qrPng(key: string): Promise<Buffer> {
  if (lastQr?.key !== key) {
    const png = QRCode.toBuffer(key, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
    lastQr = { key, png };
    png.catch(() => (lastQr = undefined));
  }
  return lastQr.png;
}

/**
 * The letter as PDF bytes.
 * @throws {InvalidDataError} for a malformed code or log key (naming `credential` or `logPublicKey`)
 */
export async function letterPdf(letter: Letter, lang: LetterLang = 'en'): Promise<Buffer> {
  const t = translator(LETTER_STRINGS, lang);
  const key = toHex(fromHex(letter.logPublicKey, 'logPublicKey'));
  if (key.length !== 64) throw new RangeError('logPublicKey: expected 32 bytes (64 hex digits)');
  const code_ = printedCode(letter.code);
  const qr = await qrPng(key);

  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: t('title') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * MARGIN;
  registerPdfFonts(doc);
  const box = { x: MARGIN, width, align: 'start', dir: langDir(lang) } as const;
  let y = MARGIN;
  /** The words, in the embedded font, in the language's direction. */
  const words = (s: string, font: 'body' | 'bold', size: number, gap = 0): void => {
    doc.font(font).fontSize(size);
    y += gap + drawText(doc, s, y + gap, box);
  };
  /** A code, an address or the key: Courier, left to right whatever the language. */
  const code = (s: string, font: 'Courier' | 'Courier-Bold', size: number): void => {
    y += 4;
    doc.font(font).fontSize(size).text(s, MARGIN, y, { width });
    y = doc.y;
  };
  const section = (heading: string, value: string, size: number, help: string): void => {
    words(heading, 'bold', 12, 12);
    code(value, 'Courier', size);
    doc.fillColor('#333333');
    words(help, 'body', 10, 3);
    doc.fillColor('black');
  };

  words(t('title'), 'bold', 20);
  words(t('election', { name: letter.electionName, id: letter.electionId }), 'body', 11, 6);
  words(t('voter', { voter: letter.voterId }), 'body', 11);
  words(t('codeHeading'), 'bold', 12, 12);
  code(code_, 'Courier-Bold', 20);
  doc.fillColor('#333333');
  words(t('codeHelp'), 'body', 10, 3);
  doc.fillColor('black');
  section(t('voteHeading'), letter.voteUrl, 11, t('voteHelp'));
  section(t('trackHeading'), letter.trackUrl, 11, t('trackHelp'));
  section(t('keyHeading'), key, 10, t('keyHelp'));
  words(t('keyQr'), 'body', 10, 8);
  const qrX = box.dir === 'rtl' ? MARGIN + width - QR_SIZE : MARGIN;
  doc.image(qr, qrX, y + 4, { width: QR_SIZE, height: QR_SIZE });
  doc.end();
  return done;
}
