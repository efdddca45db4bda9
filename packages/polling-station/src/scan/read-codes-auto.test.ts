import QRCode from 'qrcode';
import { describe, expect, it, vi } from 'vitest';
import { readCodes } from './read-codes.js';

// zxing finding nothing: `auto` must then try jsqr, and say which decoder read the code
vi.mock('./zxing-pass.js', () => ({ zxingPass: vi.fn(async () => []) }));

describe('readCodes auto', () => {
  it('falls back to jsqr when zxing finds nothing', async () => {
    const png = await QRCode.toBuffer('EVB1.fallback', { errorCorrectionLevel: 'M' });
    const auto = await readCodes(new Uint8Array(png), { decoder: 'auto' });
    expect(auto.map((c) => [c.text, c.decoder])).toEqual([['EVB1.fallback', 'jsqr']]);
    expect(await readCodes(new Uint8Array(png), { decoder: 'zxing' })).toEqual([]);
  });
});
