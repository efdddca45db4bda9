/**
 * The WebAssembly helpers of ristretto255 decoding and encoding (field25519-wasm-codec.ts,
 * field25519-wasm-points.ts) against BigInt: canonical reduction, byte packing, CT_EQ,
 * IS_NEGATIVE, CT_SELECT, CT_ABS, SQRT_RATIO_M1 (RFC 9496 §4.1–4.2) and inversion.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUT, POS, WIDTH } from './field25519-wasm-code.js';
import { sharedArena } from './field25519-wasm.js';
import { invsqrtAMinusD, sqrtRatioM1 } from './ristretto-decode.js';

const P = (1n << 255n) - 19n;
const A = sharedArena!;
const [X, Y, Z] = [LAYOUT.POINTS, LAYOUT.POINTS + 80, LAYOUT.POINTS + 160];
const BYTES = LAYOUT.POINTS + 400;
const fe = fc.bigInt({ min: 0n, max: P - 1n });
/** Values < 2^255 whose limbs hold non-canonical representatives too. */
const below255 = fc.oneof(
  fe,
  fc.bigInt({ min: P, max: (1n << 255n) - 1n }),
  fc.constantFrom(0n, 1n, P - 1n, P, P + 1n),
);
const powBig = (b: bigint, e: bigint) => {
  let r = 1n;
  for (b %= P; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
};
const isNeg = (x: bigint) => (x % P) % 2n === 1n;

describe('constants in WebAssembly memory (RFC 9496 §4.1)', () => {
  it('SQRT_M1 is the non-negative root of −1, INVSQRT_A_MINUS_D the RFC value, INV_D·d = 1, TWO, ONE, ZERO', () => {
    const d = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
    const sqrtM1 = A.load(LAYOUT.SQRT_M1);
    expect((sqrtM1 * sqrtM1) % P).toBe(P - 1n);
    expect(sqrtM1 % 2n).toBe(0n);
    expect(A.load(LAYOUT.INVSQRT_A_MINUS_D)).toBe(invsqrtAMinusD);
    expect(A.load(LAYOUT.D)).toBe(d);
    expect((A.load(LAYOUT.INV_D) * d) % P).toBe(1n);
    expect(A.load(LAYOUT.K2D)).toBe((2n * d) % P);
    expect([A.load(LAYOUT.ZERO), A.load(LAYOUT.ONE), A.load(LAYOUT.TWO)]).toEqual([0n, 1n, 2n]);
  });
  it('ZERO, ONE and NEG_ONE = p − 1 are stored as canonical limbs (decoding compares limbs directly)', () => {
    const limbs = new BigInt64Array(A.fn.mem.buffer);
    const canonical = (at: number): bigint => {
      let v = 0n;
      for (let i = 0; i < 10; i++) {
        const l = limbs[at / 8 + i]!;
        expect(l >= 0n && l < 1n << BigInt(WIDTH[i]!)).toBe(true);
        v += l << BigInt(POS[i]!);
      }
      expect(v < P).toBe(true);
      return v;
    };
    expect([canonical(LAYOUT.ZERO), canonical(LAYOUT.ONE), canonical(LAYOUT.NEG_ONE)]).toEqual([
      0n,
      1n,
      P - 1n,
    ]);
  });
});

describe('canonical reduction and bytes', () => {
  it('freeze gives x mod p in canonical limbs; pack gives its 32 bytes; unpack inverts pack', () => {
    fc.assert(
      fc.property(below255, (x) => {
        A.store(X, x);
        A.fn.freeze(Y, X);
        const l = new BigInt64Array(A.fn.mem.buffer, Y, 10);
        const widths = [26, 25, 26, 25, 26, 25, 26, 25, 26, 25];
        l.forEach((v, i) => expect(v >= 0n && v < 1n << BigInt(widths[i]!)).toBe(true));
        expect(A.load(Y)).toBe(x % P);
        A.fn.pack(BYTES, X);
        expect(A.loadBytes(BYTES)).toBe(x % P);
        A.fn.unpack(Z, BYTES);
        expect(A.load(Z)).toBe(x % P);
      }),
      { numRuns: 300 },
    );
  });
  it('unpack ignores bit 255', () => {
    A.storeBytes(BYTES, (1n << 255n) + 5n);
    A.fn.unpack(X, BYTES);
    expect(A.load(X)).toBe(5n);
  });
  it('the results of sub (a − b + 2p, limbs above p) freeze to a − b mod p', () => {
    fc.assert(
      fc.property(fe, fe, (a, b) => {
        A.store(X, a);
        A.store(Y, b);
        A.fn.sub(Z, X, Y);
        A.fn.pack(BYTES, Z);
        expect(A.loadBytes(BYTES)).toBe((((a - b) % P) + P) % P);
      }),
      { numRuns: 200 },
    );
  });
});

describe('constant-time helpers (RFC 9496 §4.1)', () => {
  it('CT_EQ compares mod p, IS_NEGATIVE reads the low bit of the canonical value', () => {
    fc.assert(
      fc.property(below255, below255, (a, b) => {
        A.store(X, a);
        A.store(Y, b);
        expect(A.fn.eq(X, Y)).toBe(a % P === b % P ? 1 : 0);
        expect(A.fn.eq(X, X)).toBe(1);
        expect(A.fn.isneg(X)).toBe(isNeg(a) ? 1 : 0);
      }),
      { numRuns: 300 },
    );
    A.store(X, 3n);
    A.store(Y, P + 3n); // the same element, different limbs
    expect(A.fn.eq(X, Y)).toBe(1);
    expect(A.fn.isneg(Y)).toBe(1);
  });
  it('CT_SELECT picks by the flag; CT_ABS negates exactly the negative values', () => {
    fc.assert(
      fc.property(fe, fe, fc.boolean(), (a, b, flag) => {
        A.store(X, a);
        A.store(Y, b);
        A.fn.csel(Z, X, Y, flag ? 1 : 0);
        expect(A.load(Z)).toBe(flag ? a : b);
        A.fn.cabs(Z, X);
        expect(A.load(Z)).toBe(isNeg(a) ? (P - a) % P : a);
        A.fn.cabs(X, X); // in place
        expect(A.load(X)).toBe(isNeg(a) ? (P - a) % P : a);
      }),
      { numRuns: 300 },
    );
  });
  it('SQRT_RATIO_M1 agrees with the BigInt formulas (squares, non-squares, zeros)', () => {
    const big = (u: bigint, v: bigint) => sqrtRatioM1(u, v, (z) => powBig(z, (1n << 252n) - 3n));
    const check = (u: bigint, v: bigint) => {
      A.store(X, u);
      A.store(Y, v);
      const was = A.fn.sqrtratio(Z, X, Y);
      const [wasBig, r] = big(u, v);
      expect([was === 1, A.load(Z)]).toEqual([wasBig, r]);
      return wasBig;
    };
    const seen = new Set<boolean>();
    fc.assert(
      fc.property(fe, fe, (u, v) => {
        seen.add(check(u, v));
        check((u * u) % P, (v * v) % P); // a square ratio
      }),
      { numRuns: 150 },
    );
    expect(seen).toEqual(new Set([true, false]));
    for (const [u, v] of [
      [0n, 0n],
      [0n, 5n],
      [5n, 0n],
      [1n, 1n],
      [P - 1n, 1n],
    ] as const)
      check(u, v);
  });
  it('inv gives a^(p−2)', () => {
    fc.assert(
      fc.property(fe, (a) => {
        A.store(X, a);
        A.fn.inv(Y, X);
        expect(A.load(Y)).toBe(powBig(a, P - 2n));
      }),
      { numRuns: 40 },
    );
  });
});
