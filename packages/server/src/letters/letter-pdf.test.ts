import jsqrModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { pdfImagePlacements, pdfRgbImages, pdfTextRuns } from '../../../../tests/support/pdf-read.js';
import { comparablePdf, pdfStructureProblems } from '../../../report/test/pdf-structure.js';
import { pdfTexts } from '../../../report/test/read-back.js';
import { letterPdf, printedCode, type Letter } from './letter-pdf.js';

/** jsQR's CommonJS export, typed as its default (as the station package reads it). */
const jsQR = jsqrModule as unknown as typeof jsqrModule.default;

const KEY = '3B6A27BCCEB6A42D62A3A8D02A6F0D73653215771DE243A63AC048A18B59DA29';
const letter: Letter = {
  electionId: 'city-2026',
  electionName: 'Municipal election',
  voterId: 'voter-17',
  code: 'k7m2q-9xj4p-0ab3c-d5e6f-gh8tv-w',
  voteUrl: 'https://vote.example.org/vote/city-2026',
  trackUrl: 'https://vote.example.org/track/city-2026',
  logPublicKey: KEY.toLowerCase(),
};

/** The QR codes of the PDF's images, decoded. */
const qrTexts = (pdf: Buffer): string[] =>
  pdfRgbImages(pdf).map((im) => jsQR(im.rgba, im.width, im.height)?.data ?? '(unreadable)');

describe('letterPdf', () => {
  it('prints the code, both addresses and the log key, and its QR code decodes to the same key', async () => {
    const pdf = await letterPdf(letter);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const words = pdfTexts(pdf).join(' ');
    expect(words).toContain('Your voting letter');
    expect(words).toContain('Election: Municipal election (city-2026)');
    expect(words).toContain('Voter: voter-17');
    const runs = pdfTextRuns(pdf);
    expect(runs).toContain('K7M2Q-9XJ4P-0AB3C-D5E6F-GH8TV-W');
    expect(runs).toContain(letter.voteUrl);
    expect(runs).toContain(letter.trackUrl);
    expect(runs).toContain(KEY);
    expect(qrTexts(pdf)).toEqual([KEY]);
  });

  it('prints in French', async () => {
    const pdf = await letterPdf(letter, 'fr');
    expect(pdfTexts(pdf).join(' ')).toContain('Votre lettre de vote');
    expect(pdfTexts(pdf).join(' ')).toContain('Votre code de vote');
    expect(pdfTextRuns(pdf)).toContain(KEY);
  });

  it('prints in Arabic, right to left, the code, addresses and key left to right, the QR on the right', async () => {
    const pdf = await letterPdf(letter, 'ar');
    const reversed = (s: string) => [...s].reverse().join('');
    // glyphs in visual order: an Arabic word reads back reversed
    const words = pdfTexts(pdf).join('').replace(/\s/g, '');
    expect(words).toContain(reversed('رسالة'));
    expect(words).toContain(reversed('الناخب'));
    const runs = pdfTextRuns(pdf);
    expect(runs).toContain('K7M2Q-9XJ4P-0AB3C-D5E6F-GH8TV-W');
    expect(runs).toContain(KEY);
    expect(qrTexts(pdf)).toEqual([KEY]);
    // the QR image is placed at the right margin (x > half the A4 width of 595 pt)
    const [ar] = pdfImagePlacements(pdf);
    const [en] = pdfImagePlacements(await letterPdf(letter, 'en'));
    expect(en!.x).toBeLessThan(595 / 2);
    expect(ar!.x).toBeGreaterThan(595 / 2);
  });

  it('another key, another QR code: the reader is not blind', async () => {
    const other = 'A'.repeat(64);
    const pdf = await letterPdf({ ...letter, logPublicKey: other });
    expect(qrTexts(pdf)).toEqual([other]);
    expect(pdfTextRuns(pdf)).not.toContain(KEY);
  });

  it('a letter made after others (another language, another key) is the same document as before them', async () => {
    // the fonts and the QR image are shared between letters: nothing of one may leak into the next
    // (the same bytes, but for what differs between two makings of one document: comparablePdf)
    const first = await letterPdf(letter);
    const other = await letterPdf({ ...letter, voterId: 'voter-18', logPublicKey: 'cd'.repeat(32) }, 'ar');
    expect(qrTexts(other)).toEqual(['CD'.repeat(32)]);
    const again = await letterPdf(letter);
    expect(qrTexts(again)).toEqual([KEY]);
    expect(pdfTextRuns(again)).toEqual(pdfTextRuns(first));
    for (const pdf of [first, other, again]) expect(pdfStructureProblems(pdf)).toEqual([]);
    expect(comparablePdf(again)).toBe(comparablePdf(first));
    expect(comparablePdf(other)).not.toBe(comparablePdf(first));
  });

  it('refuses a malformed code or key, naming it', async () => {
    await expect(letterPdf({ ...letter, code: 'NOT-A-CODE' })).rejects.toThrow(/credential/);
    await expect(letterPdf({ ...letter, logPublicKey: 'zz' })).rejects.toThrow(/logPublicKey/);
    await expect(letterPdf({ ...letter, logPublicKey: 'ab'.repeat(31) })).rejects.toThrow(/logPublicKey/);
    expect(printedCode('0000000000000000000000000z')).toBe('00000-00000-00000-00000-00000-Z');
  });
});
