import { encodeSheetParts } from '@evident/record';
import { describe, expect, it } from 'vitest';
import { sampleStationSheet } from './sample-sheet.js';
import { sheetCapacity } from './sheet-capacity.js';

describe('sheetCapacity (the bench:sheet rows)', () => {
  it('counts the codes encodeSheetParts makes, their version and sizes, and reads them back', async () => {
    const [row] = await sheetCapacity(10, 10, [412]);
    const parts = encodeSheetParts(sampleStationSheet(10, 10).signed, { maxPartBytes: 412 });
    expect(row).toMatchObject({
      contests: 10,
      options: 10,
      witnesses: 2,
      maxPartBytes: 412,
      codes: parts.length,
      readBack: true,
    });
    expect(row!.qrVersion).toBe(15);
    expect(row!.modules).toBe(77);
    expect(row!.largestPartBytes).toBe(Math.max(...parts.map((p) => p.length)));
    expect(row!.compressedBytes).toBeLessThan(row!.jsonBytes);
    expect(row!.compressionRatio).toBeCloseTo(row!.jsonBytes / row!.compressedBytes, 2);
  });

  it('gives fewer, larger codes for larger parts', async () => {
    const [small, large] = await sheetCapacity(50, 10, [412, 997], { readBack: false });
    expect(large!.codes).toBeLessThan(small!.codes);
    expect(large!.qrVersion).toBeGreaterThan(small!.qrVersion);
    expect(large!.readBack).toBeNull();
  });
});
