import { decodeBallotQr } from '@evident/record';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { photographCodes } from './degrade.js';
import { seededRandom } from './photo-ops.js';
import { ImageFormatError, blankRaster, decodeImage, encodeJpeg, encodePng } from './raster.js';
import { readCodes } from './read-codes.js';
import { sampleBallotCodes, sampleSheetParts } from './sample-payloads.js';

const DECODERS = ['jsqr', 'zxing', 'auto'] as const;

beforeAll(() => {
  // the zxing module must load its .wasm from node_modules, never from the network
  vi.stubGlobal('fetch', () => {
    throw new Error('the QR reader tried the network');
  });
});

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('readCodes', () => {
  const part = sampleSheetParts(1, 1)[0]!;
  part[0] = 0xff; // never valid UTF-8
  const ballotText = new TextDecoder().decode(sampleBallotCodes(1, 1)[0]!);

  it.each(DECODERS)('%s reads a binary code from a clean PNG, bytes exact, no text', async (decoder) => {
    const png = await QRCode.toBuffer([{ data: part, mode: 'byte' }], { errorCorrectionLevel: 'M' });
    const codes = await readCodes(new Uint8Array(png), { decoder });
    expect(codes).toHaveLength(1);
    expect(hex(codes[0]!.bytes)).toBe(hex(part));
    expect(codes[0]!.text).toBeNull();
    expect(codes[0]!.decoder).toBe(decoder === 'auto' ? 'zxing' : decoder);
  });

  it.each(DECODERS)('%s reads a ballot code encoded in mixed QR modes as its text', async (decoder) => {
    const png = await QRCode.toBuffer(ballotText, { errorCorrectionLevel: 'M' });
    const [code] = await readCodes(new Uint8Array(png), { decoder });
    expect(code!.text).toBe(ballotText);
    expect(decodeBallotQr(code!.text!).token.electionId).toBe('sample-election');
  });

  it.each(DECODERS)('%s finds every code of a photographed page of three (JPEG)', async (decoder) => {
    const parts = sampleSheetParts(2, 3, 300);
    const photo = photographCodes(parts, 'clean', seededRandom(3));
    const jpeg = encodeJpeg(decodeImage(photo.file), 90);
    const codes = await readCodes(jpeg, { decoder });
    expect(codes.map((c) => hex(c.bytes)).sort()).toEqual(parts.map(hex).sort());
  });

  it('gives each identical code once', async () => {
    const photo = photographCodes([part, part], 'clean', seededRandom(4));
    for (const decoder of DECODERS) expect(await readCodes(photo.file, { decoder })).toHaveLength(1);
  });

  it.each(DECODERS)('%s finds nothing in a photo without a code', async (decoder) => {
    expect(await readCodes(encodePng(blankRaster(320, 200, 180)), { decoder })).toEqual([]);
  });

  it('refuses bytes that are not a PNG or JPEG, and a damaged file, with an ImageFormatError', async () => {
    await expect(readCodes(new TextEncoder().encode('GIF89a...'))).rejects.toThrow(ImageFormatError);
    const png = encodePng(blankRaster(64, 64));
    await expect(readCodes(png.subarray(0, 40))).rejects.toThrow(/damaged PNG/);
    const jpeg = encodeJpeg(blankRaster(64, 64), 80);
    await expect(readCodes(jpeg.subarray(0, 30))).rejects.toThrow(/damaged JPEG/);
  });

  it('refuses an unknown decoder name', async () => {
    const png = encodePng(blankRaster(8, 8));
    await expect(readCodes(png, { decoder: 'other' as 'jsqr' })).rejects.toThrow(TypeError);
  });
});

describe('decodeImage', () => {
  it('refuses a PNG whose header claims more than 48 megapixels before decoding it', () => {
    const png = encodePng(blankRaster(16, 16));
    const v = new DataView(png.buffer, png.byteOffset);
    v.setUint32(16, 10_000);
    v.setUint32(20, 10_000);
    expect(() => decodeImage(png)).toThrow(/larger than 48 megapixels/);
  });
});
