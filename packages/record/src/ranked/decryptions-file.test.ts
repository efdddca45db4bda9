/**
 * `decryptions.json` written a batch of rows at a time: whatever the batches, the bytes are
 * `JSON.stringify` of the whole file plus a newline (what the record always held, read by the
 * one reader), and the digest is the SHA-256 of those bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptionsFileWriter } from './decryptions-file.js';
import { DECRYPTIONS_FILE, readRankedFile } from './ranked-files.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-decryptions-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = fc.stringMatching(/^[0-9A-F]{2,8}$/);
const decryption = fc.record({ M: hex, proof: fc.record({ c: hex, v: hex }) });
const plaintext = fc.record({
  ranks: fc.array(fc.option(fc.nat(9), { nil: null }), { maxLength: 3 }),
  writeIns: fc.array(fc.option(fc.string(), { nil: null }), { maxLength: 2 }),
});

let n = 0;
/** Writes `rows` split at `cuts` (row positions) and `plaintexts`; the bytes and the result. */
type Row = { M: string; proof: { c: string; v: string } }[];
function write(id: string, w: number, rows: Row[], cuts: number[], plaintexts: unknown[]) {
  const path = join(dir, `d${n++}.json`);
  const out = decryptionsFileWriter(path, id, w);
  let from = 0;
  for (const c of [...cuts.filter((x) => x <= rows.length).sort((a, b) => a - b), rows.length]) {
    out.addRows(rows.slice(from, c));
    from = Math.max(from, c);
  }
  const r = out.end(plaintexts as never);
  return { path, bytes: readFileSync(path), ...r };
}

describe('decryptions.json streamed', () => {
  it('is byte for byte JSON.stringify of the file, whatever the batches; the digest is its SHA-256', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3 })
          .chain((w) =>
            fc.tuple(
              fc.constant(w),
              fc.array(fc.array(decryption, { minLength: w, maxLength: w }), { maxLength: 6 }),
              fc.array(fc.nat(6), { maxLength: 4 }),
              fc.constantFrom('mayor', 'a"b\\c', 'ünïcode'),
            ),
          ),
        fc.array(plaintext, { minLength: 6, maxLength: 6 }),
        ([w, rows, cuts, id], pts) => {
          const plaintexts = pts.slice(0, rows.length);
          const r = write(id, w, rows, cuts, plaintexts);
          const whole = {
            format: 'evident-ranked/decryptions',
            version: 1,
            contestId: id,
            method: 'threshold',
            rows,
            plaintexts,
          };
          expect(r.bytes.toString('utf8')).toBe(JSON.stringify(whole) + '\n');
          expect(r.digest).toBe(createHash('sha256').update(r.bytes).digest('hex').toUpperCase());
          expect(r.rows).toBe(rows.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is read back by the one reader', async () => {
    const sub = join(dir, 'ranked', 'mayor');
    mkdirSync(sub, { recursive: true });
    const out = decryptionsFileWriter(join(sub, DECRYPTIONS_FILE), 'mayor', 1);
    out.addRows([[{ M: 'AB'.repeat(32), proof: { c: '01'.repeat(32), v: '02'.repeat(32) } }]]);
    out.end([{ ranks: [1], writeIns: [] }]);
    const r = await readRankedFile(dir, 'mayor', DECRYPTIONS_FILE);
    expect(r.ok ? r.value.rows.length : r.problem).toBe(1);
  });

  it('refuses a row that is not w decryptions, and plaintexts that are not one per row', () => {
    const d = { M: 'AB', proof: { c: '01', v: '02' } };
    const out = decryptionsFileWriter(join(dir, 'bad-w.json'), 'mayor', 2);
    expect(() => out.addRows([[d, d], [d]])).toThrow('rows[1]: 1 decryptions, not w = 2');
    out.abort();
    const two = decryptionsFileWriter(join(dir, 'bad-p.json'), 'mayor', 1);
    two.addRows([[d], [d]]);
    expect(() => two.end([{ ranks: [1], writeIns: [] }])).toThrow('1 plaintexts for 2 rows');
    two.abort();
  });
});
