/** Hex case (spec/record.md §1.2): hasLowerHex says exactly when upperHex would change a value. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLowerHex, upperHex } from './hex-case.js';

describe('hasLowerHex', () => {
  it('finds a lower-case hex member at any depth, and ignores other members', () => {
    const sub = {
      credential: 'AB',
      ballot: {
        style: 'lower',
        contests: [{ label: 'x', selections: [{ alpha: 'CD', proof: { v: ['EF', '0a'] } }] }],
      },
    };
    expect(hasLowerHex(sub)).toBe(true);
    sub.ballot.contests[0]!.selections[0]!.proof.v[1] = '0A';
    expect(hasLowerHex(sub)).toBe(false);
    expect(upperHex(sub)).toEqual(sub);
    expect(hasLowerHex({ nonce: 'é' })).toBe(true);
  });
  it('is true exactly when upperHex changes the value', () => {
    const key = fc.constantFrom('credential', 'alpha', 'v', 'label', 'style', 'c0');
    const json = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: fc.constantFrom('a', 'B', '0', 'f', 'F', 'é', 'z') }),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(json, (v) => {
        expect(hasLowerHex(v)).toBe(JSON.stringify(upperHex(v)) !== JSON.stringify(v));
      }),
    );
  });
});
