/**
 * The point formulas of the WebAssembly module at the edges of their limb bounds: madd's first
 * step (Y − X + 2p and Y + X, left unreduced) with every input limb at the largest value a
 * reduction leaves, against the same formula in BigInt.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedArena } from './field25519-wasm.js';
import { LAYOUT, POS, WIDTH } from './field25519-wasm-layout.js';

const P = (1n << 255n) - 19n;
const md = (x: bigint) => ((x % P) + P) % P;
/** The largest limbs a reduction leaves: every limb full, limbs 1 and 5 a carry above (< 2^15). */
const MAX = WIDTH.map((w, i) => (1 << w) - 1 + (i === 1 || i === 5 ? (1 << 15) - 1 : 0));
const value = (limbs: readonly number[]) => limbs.reduce((a, l, i) => a + (BigInt(l) << BigInt(POS[i]!)), 0n);

/** madd(R, qp, qm, t2d) in BigInt (HWCD 2008 mixed addition, a = −1), on values mod p. */
function maddBig(X: bigint, Y: bigint, Z: bigint, T: bigint, qp: bigint, qm: bigint, t2d: bigint) {
  const A = md((Y - X) * qm);
  const B = md((Y + X) * qp);
  const C = md(T * t2d);
  const Dd = md(2n * Z);
  const [E, F, G, H] = [md(B - A), md(Dd - C), md(Dd + C), md(B + A)];
  return [md(E * F), md(G * H), md(F * G), md(E * H)];
}

describe('madd in WebAssembly', () => {
  it('equals BigInt with limbs at their bounds (largest, zero, random) in every input', () => {
    const A = sharedArena!;
    expect(A).toBeDefined();
    const R = LAYOUT.POINTS;
    const Q = R + 320; // qp, qm, t2d
    const limbs = () => new BigInt64Array(A.fn.mem.buffer);
    const limb = fc.oneof(fc.constant('max'), fc.constant('zero'), fc.constant('random'));
    fc.assert(
      fc.property(
        fc.array(limb, { minLength: 7, maxLength: 7 }),
        fc.array(fc.nat(), { minLength: 70, maxLength: 70 }),
        (kinds, rnd) => {
          A.reserve(Q + 240 + 8);
          const els: bigint[] = [];
          kinds.forEach((k, e) => {
            const at = e < 4 ? R + 80 * e : Q + 80 * (e - 4);
            const ls = MAX.map((m, i) => (k === 'max' ? m : k === 'zero' ? 0 : rnd[10 * e + i]! % (m + 1)));
            const view = limbs();
            ls.forEach((l, i) => (view[at / 8 + i] = BigInt(l)));
            els.push(value(ls));
          });
          A.fn.madd(R, Q, Q + 80, Q + 160, 0);
          const want = maddBig(els[0]!, els[1]!, els[2]!, els[3]!, els[4]!, els[5]!, els[6]!);
          expect([A.load(R), A.load(R + 80), A.load(R + 160), A.load(R + 240)]).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});
