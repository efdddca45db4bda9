/** HexColumn: every string comes back as it went in, hex of its case in 32 bytes, the rest kept. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HexColumn } from './hex-column.js';

describe('HexColumn', () => {
  it('property: at(i) is the i-th string appended, across growth and batches', () => {
    const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
    const value = fc.oneof(
      hex,
      hex.map((h) => h.toUpperCase()),
      hex.map((h) => h.slice(1)),
      fc.string(),
      fc.constant('not canonical JSON'),
    );
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.array(value, { maxLength: 700 }), { maxLength: 4 }),
        (upper, batches) => {
          const c = new HexColumn(upper);
          for (const b of batches) c.append(b);
          const all = batches.flat();
          expect(c.length).toBe(all.length);
          all.forEach((v, i) => expect(c.at(i)).toBe(v));
          expect(c.at(all.length)).toBeUndefined();
          expect(c.at(-1)).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
