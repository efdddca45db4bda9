import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCodes } from '../count/scan-link.js';
import { decodeBallotQr, sampleManifest, verifyBallotToken } from '@evident/record';
import { ballotQrPng, blankBallotCodes } from './ballot-qr.js';
import { blankBallotsPdf } from './ballot-pdf.js';
import { initPrintingKey, openPrintingKey } from './printing-key.js';
import { StationFileError } from './station-file-error.js';

const place = { electionId: 'E1', station: 'station-1', style: 'style-1' };
const dir = () => mkdtempSync(join(tmpdir(), 'evident-print-'));

describe('the printing key file', () => {
  it('round-trips under its passphrase and is encrypted at rest', () => {
    const path = join(dir(), 'printing-key.json');
    const k = initPrintingKey(path, 'correct horse battery', 10);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(k.publicKey);
    expect(text.toUpperCase()).not.toContain(Buffer.from(k.secretKey).toString('hex').toUpperCase());
    const opened = openPrintingKey(path, 'correct horse battery');
    expect(opened.publicKey).toBe(k.publicKey);
    expect(Buffer.from(opened.secretKey).equals(Buffer.from(k.secretKey))).toBe(true);
  });

  it('refuses a wrong passphrase, a changed header, an existing file — naming the file', () => {
    const path = join(dir(), 'printing-key.json');
    initPrintingKey(path, 'correct horse battery', 10);
    expect(() => openPrintingKey(path, 'wrong passphrase')).toThrow(
      /printing-key\.json: cannot be opened: wrong passphrase/,
    );
    expect(() => initPrintingKey(path, 'another passphrase', 10)).toThrow(/already exists; not overwritten/);
    expect(openPrintingKey(path, 'correct horse battery')).toBeTruthy(); // the file was kept
    const f = JSON.parse(readFileSync(path, 'utf8'));
    const changed = join(dir(), 'changed.json');
    writeFileSync(changed, JSON.stringify({ ...f, kdf: { ...f.kdf, logN: 11 } }));
    expect(() => openPrintingKey(changed, 'correct horse battery')).toThrow(StationFileError);
    writeFileSync(changed, '{"format": "other"}');
    expect(() => openPrintingKey(changed, 'x')).toThrow(/not a evident-station\/printing-key file/);
  });
});

describe('blank ballots', () => {
  it('carry distinct random serials, signed by the printing key', () => {
    const path = join(dir(), 'k.json');
    const k = initPrintingKey(path, 'correct horse battery', 10);
    const codes = blankBallotCodes(place, k.secretKey, 20);
    const tokens = codes.map(decodeBallotQr);
    expect(new Set(tokens.map((t) => t.token.serial)).size).toBe(20);
    for (const t of tokens) {
      expect(t.token).toMatchObject({ kind: 'blank', ...place });
      expect(verifyBallotToken(t, k.publicKey)).toBe(true);
    }
  });

  it('QR PNG reads back to the same text', async () => {
    const path = join(dir(), 'k.json');
    const k = initPrintingKey(path, 'correct horse battery', 10);
    const [code] = blankBallotCodes(place, k.secretKey, 1);
    const [read] = await readCodes(await ballotQrPng(code!));
    expect(read?.text).toBe(code);
  });

  it('PDF: one page per ballot; an unknown station is refused', async () => {
    const path = join(dir(), 'k.json');
    const k = initPrintingKey(path, 'correct horse battery', 10);
    const pdf = await blankBallotsPdf(
      { manifest: sampleManifest(), station: 'station-1' },
      blankBallotCodes(place, k.secretKey, 3),
    );
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(3);
    await expect(blankBallotsPdf({ manifest: sampleManifest(), station: 'nowhere' }, ['x'])).rejects.toThrow(
      /station: "nowhere"/,
    );
  });
});
