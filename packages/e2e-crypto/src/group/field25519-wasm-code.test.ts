/**
 * The products of the WebAssembly field module (mul, sq, and sqn through pow) at the edges of
 * the limb bounds their comments state: inputs with every limb at the largest value a reduction
 * leaves (mul's first operand also at madd's unreduced Y − X + 2p and Y + X), against BigInt,
 * and outputs within the widths the callers rely on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedArena } from './field25519-wasm.js';
import { LAYOUT, POS, TWO_P, WIDTH } from './field25519-wasm-layout.js';

const P = (1n << 255n) - 19n;
/** The largest limbs a reduction leaves: every limb full, limbs 1 and 5 a carry above (< 2^15). */
const MAX = WIDTH.map((w, i) => (1 << w) - 1 + (i === 1 || i === 5 ? (1 << 15) - 1 : 0));
/** The largest limbs of madd's unreduced first operands: Y − X + 2p and Y + X from reduced X, Y. */
const MAX_UNREDUCED = MAX.map((m, i) => Math.max(m + TWO_P[i]!, 2 * m));
const value = (limbs: readonly number[]) => limbs.reduce((a, l, i) => a + (BigInt(l) << BigInt(POS[i]!)), 0n);
const pow = (b: bigint, e: bigint) => {
  let r = 1n;
  for (let x = b % P; e > 0n; e >>= 1n, x = (x * x) % P) if (e & 1n) r = (r * x) % P;
  return r;
};

describe('field products in WebAssembly at their limb bounds', () => {
  const A = sharedArena!;
  const at = LAYOUT.POINTS;
  const kind = fc.constantFrom('max', 'zero', 'random');
  const limbsOf = (k: string, max: readonly number[], rnd: number[]) =>
    max.map((m, i) => (k === 'max' ? m : k === 'zero' ? 0 : rnd[i]! % (m + 1)));
  const put = (off: number, limbs: readonly number[]) => {
    const view = new BigInt64Array(A.fn.mem.buffer);
    limbs.forEach((l, i) => (view[off / 8 + i] = BigInt(l)));
  };
  /** The limbs at off are non-negative and within their widths, limbs 1 and 5 a carry (< 2^15) above. */
  const reduced = (off: number) => {
    const view = new BigInt64Array(A.fn.mem.buffer);
    return WIDTH.every((w, i) => {
      const l = view[off / 8 + i]!;
      return l >= 0n && l < (1n << BigInt(w)) + (i === 1 || i === 5 ? 1n << 15n : 0n);
    });
  };
  const rnd = fc.array(fc.nat(), { minLength: 20, maxLength: 20 });

  it('mul: a unreduced (madd), b reduced, out alone or aliasing a or b', () => {
    A.reserve(at + 400);
    fc.assert(
      fc.property(kind, kind, rnd, (ka, kb, r) => {
        const a = limbsOf(ka, MAX_UNREDUCED, r);
        const b = limbsOf(kb, MAX, r.slice(10));
        const want = (value(a) * value(b)) % P;
        for (const [out, x, y] of [
          [at + 160, at, at + 80],
          [at, at, at + 80],
          [at + 80, at, at + 80],
        ] as const) {
          put(at, a);
          put(at + 80, b);
          A.fn.mul(out, x, y);
          expect(A.load(out)).toBe(want);
          expect(reduced(out)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('sq: reduced input, out alone or aliasing a', () => {
    A.reserve(at + 400);
    fc.assert(
      fc.property(kind, rnd, (k, r) => {
        const a = limbsOf(k, MAX, r);
        const want = value(a) ** 2n % P;
        for (const out of [at + 80, at]) {
          put(at, a);
          A.fn.sq(out, at);
          expect(A.load(out)).toBe(want);
          expect(reduced(out)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('pow (runs of squarings, sqn): every limb of the input at its maximum, zero or random', () => {
    A.reserve(at + 400);
    fc.assert(
      fc.property(kind, rnd, (k, r) => {
        const z = limbsOf(k, MAX, r);
        put(at, z);
        A.fn.pow(at + 80, at);
        expect(A.load(at + 80)).toBe(pow(value(z), (1n << 252n) - 3n));
        expect(reduced(at + 80)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
