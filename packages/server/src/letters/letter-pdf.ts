/**
 * A voter's credential letter as a printable PDF (spec/credentials.md §6), drawn with pdfkit in
 * the PDF standard fonts: the credential code (grouped for reading), the voter page's address,
 * the ballot tracker's address, and the bulletin board's log public key, in hex and as a QR code
 * (level M, drawn from a PNG made by `qrcode`). With the key from the letter, the tracker checks
 * the board under a key printed before the election, not under one the server hands out then.
 * @module
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { translator, type Lang } from '@evident/i18n';
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

/** The languages a letter prints in: the PDF standard fonts have no Arabic glyphs. */
export const LETTER_LANGS = ['en', 'fr'] as const satisfies readonly Lang[];
/** A language a letter prints in. */
export type LetterLang = (typeof LETTER_LANGS)[number];

const MARGIN = 56;
const QR_SIZE = 150;

/** The code as printed: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X`. */
export const printedCode = (code: string): string =>
  normalizeCredentialCode(code)
    .match(/.{1,5}/g)!
    .join('-');

/**
 * The letter as PDF bytes.
 * @throws {InvalidDataError} for a malformed code or log key (naming `credential` or `logPublicKey`)
 */
export async function letterPdf(letter: Letter, lang: LetterLang = 'en'): Promise<Buffer> {
  const t = translator(LETTER_STRINGS, lang);
  const key = toHex(fromHex(letter.logPublicKey, 'logPublicKey'));
  if (key.length !== 64) throw new RangeError('logPublicKey: expected 32 bytes (64 hex digits)');
  const code = printedCode(letter.code);
  const qr = await QRCode.toBuffer(key, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });

  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: t('title') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * MARGIN;
  const heading = (s: string): void => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(s, { width });
  };
  const help = (s: string): void => {
    doc.moveDown(0.2).font('Helvetica').fontSize(10).fillColor('#333333').text(s, { width });
    doc.fillColor('black');
  };

  doc.font('Helvetica-Bold').fontSize(20).text(t('title'), { width });
  doc.moveDown(0.3).font('Helvetica').fontSize(11);
  doc.text(t('election', { name: letter.electionName, id: letter.electionId }), { width });
  doc.text(t('voter', { voter: letter.voterId }), { width });

  heading(t('codeHeading'));
  doc.moveDown(0.2).font('Courier-Bold').fontSize(20).text(code, { width });
  help(t('codeHelp'));

  heading(t('voteHeading'));
  doc.moveDown(0.2).font('Courier').fontSize(11).text(letter.voteUrl, { width });
  help(t('voteHelp'));

  heading(t('trackHeading'));
  doc.moveDown(0.2).font('Courier').fontSize(11).text(letter.trackUrl, { width });
  help(t('trackHelp'));

  heading(t('keyHeading'));
  doc.moveDown(0.2).font('Courier').fontSize(10).text(key, { width });
  help(t('keyHelp'));
  doc.moveDown(0.5).font('Helvetica').fontSize(10).text(t('keyQr'), { width });
  doc.image(qr, MARGIN, doc.y + 4, { width: QR_SIZE, height: QR_SIZE });
  doc.end();
  return done;
}
