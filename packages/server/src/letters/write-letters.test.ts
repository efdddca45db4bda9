/**
 * `writeLetters` makes one letter at a time: a letter being drawn holds its document, fonts and
 * QR image (megabytes), so making every letter at once ran a 2,000-voter election out of heap.
 * The PDF maker is replaced by one that counts how many letters are being made at the same time.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const making = vi.hoisted(() => ({ now: 0, most: 0 }));
vi.mock('./letter-pdf.js', async (original) => ({
  ...(await original<typeof import('./letter-pdf.js')>()),
  letterPdf: async (letter: { voterId: string }) => {
    making.most = Math.max(making.most, ++making.now);
    await new Promise((r) => setTimeout(r, 1));
    making.now--;
    return Buffer.from(`%PDF ${letter.voterId}`);
  },
}));
const { letterFileName, writeLetters } = await import('./letters-command.js');

const dir = mkdtempSync(join(tmpdir(), 'evident-letters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeLetters', () => {
  it('makes the letters one after another and writes one file per voter', async () => {
    const issued = Array.from({ length: 40 }, (_, i) => ({ voterId: `voter-${i}`, code: 'x' }));
    const files = await writeLetters({
      electionId: 'e',
      electionName: 'E',
      issued,
      publicUrl: 'http://127.0.0.1:1',
      logPublicKey: 'ab'.repeat(32),
      out: dir,
    });
    expect(making.most).toBe(1);
    expect(files).toHaveLength(40);
    expect(readdirSync(dir).sort()).toEqual(issued.map((x) => letterFileName(x.voterId)).sort());
  });
});
