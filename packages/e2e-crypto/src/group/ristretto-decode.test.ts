/**
 * ristretto255 decoding (RFC 9496 §4.3.1) and encoding (§4.3.2) in WebAssembly against BigInt and
 * noble, on valid, invalid and random encodings and on every failure branch.
 */
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes.js';
import { mulWasm, pow22523, sqWasm } from './field25519-wasm.js';
import {
  decodeBigint,
  decodeFast,
  decodeStatusBigint,
  decodeStatusWasm,
  encodeBigint,
  encodeFast,
  invsqrtAMinusD,
  type DecodeStatus,
} from './ristretto-decode.js';
import { ristretto } from './ristretto255.js';
import { decodedBytes, edwardsOf } from './ristretto-edwards.js';

const P = (1n << 255n) - 19n;
const noble = (b: Uint8Array) => {
  try {
    return ristretto255.Point.fromBytes(b);
  } catch {
    return null;
  }
};
const same = (a: ReturnType<typeof noble>, b: ReturnType<typeof noble>) =>
  a === null ? b === null : b !== null && a.equals(b) && a.toHex() === b.toHex();
const fe = fc.bigInt({ min: 0n, max: P - 1n });
const powMod = (b: bigint, e: bigint): bigint => {
  let r = 1n;
  for (b %= P; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
};
const ed25519D = ed25519.Point.CURVE().d;
const SQRT_M1 = powMod(2n, (P - 1n) / 4n);
/** x, y of a point's Edwards representative as 64 little-endian bytes (Z = 1 expected). */
const xyOf = (p: InstanceType<typeof ristretto255.Point>): Uint8Array => {
  const e = edwardsOf(p);
  expect(e.Z).toBe(1n);
  const out = new Uint8Array(64);
  for (const [at, v0] of [
    [0, e.X],
    [32, e.Y],
  ] as const) {
    let v = v0;
    for (let i = 0; i < 32; i++, v >>= 8n) out[at + i] = Number(v & 0xffn);
  }
  return out;
};

describe('field arithmetic in WebAssembly', () => {
  it('is available in Node', () => {
    expect(pow22523).toBeDefined();
    expect(decodeFast).toBeDefined();
  });
  it('multiplies like BigInt, edge values included', () => {
    fc.assert(
      fc.property(fe, fe, (a, b) => {
        expect(mulWasm!(a, b)).toBe((a * b) % P);
      }),
      { numRuns: 300 },
    );
    for (const a of [0n, 1n, P - 1n, (1n << 255n) - 20n])
      for (const b of [0n, 1n, P - 1n, 19n]) expect(mulWasm!(a, b)).toBe((a * b) % P);
  });
  it('squares like BigInt, edge values and limbs at their maximum included', () => {
    fc.assert(
      fc.property(fe, (a) => {
        expect(sqWasm!(a)).toBe((a * a) % P);
      }),
      { numRuns: 300 },
    );
    // every limb at its maximum (2^26 − 1 or 2^25 − 1) is 2^255 − 1 ≥ p: the largest input the limbs hold
    for (const a of [0n, 1n, 2n, P - 1n, P - 2n, (1n << 255n) - 20n, (1n << 254n) + 12345n])
      expect(sqWasm!(a)).toBe((a * a) % P);
  });
  it('raises to 2^252 − 3 like BigInt', () => {
    const pow = (b: bigint) => {
      let r = 1n;
      let x = b;
      for (let e = (1n << 252n) - 3n; e > 0n; e >>= 1n) {
        if (e & 1n) r = (r * x) % P;
        x = (x * x) % P;
      }
      return r;
    };
    fc.assert(
      fc.property(fe, (z) => {
        expect(pow22523!(z)).toBe(pow(z));
      }),
      { numRuns: 40 },
    );
    expect(pow22523!(0n)).toBe(0n);
    expect(pow22523!(1n)).toBe(1n);
  });
});

describe('decoded points (coordinates kept as bytes)', () => {
  const le = (b: Uint8Array, at: number) => {
    let x = 0n;
    for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(b[at + i]!);
    return x;
  };
  it('hold the affine x, y of the decoded representative and the input, and behave as noble points', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: ristretto.q - 1n }), fc.bigInt({ min: 1n, max: 99n }), (e, k) => {
        const b = ristretto.gExp(e).toBytes();
        const p = decodeFast!(b)!;
        const { xy: raw, enc: kept } = decodedBytes(p)!;
        expect(raw.length).toBe(64);
        expect(kept).toEqual(b);
        const ref = decodeBigint(b)!; // the BigInt formulas: the same representative (Z = 1)
        const ep = edwardsOf(p);
        expect([le(raw, 0), le(raw, 32)]).toEqual([edwardsOf(ref).X, edwardsOf(ref).Y]);
        expect([ep.X, ep.Y, ep.Z, ep.T]).toEqual([edwardsOf(ref).X, edwardsOf(ref).Y, 1n, edwardsOf(ref).T]);
        // noble's methods on it (through the lazily made representative)
        const q = ristretto.gExp(k);
        expect(p instanceof ristretto255.Point).toBe(true);
        expect(p.add(q).equals(noble(b)!.add(q))).toBe(true);
        expect(q.add(p).subtract(p).equals(q)).toBe(true);
        expect(p.toHex()).toBe(noble(b)!.toHex());
        // the group's encoding is the input, as a copy
        const enc = ristretto.encode(p);
        expect(enc).toEqual(b);
        enc[0] = enc[0]! ^ 1;
        expect(ristretto.encode(p)).toEqual(b);
        expect(ristretto.multiExp([p, q], [3n, 5n]).equals(noble(b)!.multiply(3n).add(q.multiply(5n)))).toBe(
          true,
        );
      }),
      { numRuns: 100 },
    );
  });
  it('are what the group decodes to, and other points hold no bytes', () => {
    const b = ristretto.gExp(12345n).toBytes();
    expect(decodedBytes(ristretto.decode(b, 'x'))).toBeDefined();
    expect(decodedBytes(ristretto.gExp(12345n))).toBeUndefined();
    expect(decodedBytes(ristretto255.Point.fromBytes(b))).toBeUndefined();
  });
});

describe('ristretto255 decoding (RFC 9496 §4.3.1)', () => {
  it('decodes valid encodings to the same element as noble', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: ristretto.q - 1n }), (e) => {
        const b = ristretto.gExp(e).toBytes();
        const p = decodeFast!(b);
        expect(same(p, noble(b))).toBe(true);
        expect(same(decodeBigint(b), noble(b))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('refuses exactly what noble refuses on random bytes (mostly invalid)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
        expect(same(decodeFast!(b), noble(b))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // random even canonical values: about half decode
    fc.assert(
      fc.property(fe, (s) => {
        const b = new Uint8Array(32);
        let x = s & ~1n;
        for (let i = 0; i < 32; i++, x >>= 8n) b[i] = Number(x & 0xffn);
        expect(same(decodeFast!(b), noble(b))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('refuses the RFC 9496 A.2 bad encodings and a wrong length', () => {
    for (const hex of [
      '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
      'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      '0100000000000000000000000000000000000000000000000000000000000000',
      '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371',
      '4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f',
      'de6a7b00deadbeef000000000000000000000000000000000000000000000000',
      'f7d1f7e0fffb69c3d1e0f0ffd5c84f8b7e2f76b1a3b0f1e0e0f0ffd5c84f8b7e',
    ]) {
      const b = fromHex(hex);
      expect(same(decodeFast!(b), noble(b))).toBe(true);
      if (hex.startsWith('00ff') || hex.startsWith('01') || hex.startsWith('ec') || hex.startsWith('26'))
        expect(decodeFast!(b)).toBeNull();
    }
    expect(decodeFast!(new Uint8Array(31))).toBeNull();
    expect(decodeFast!(new Uint8Array(32))).not.toBeNull(); // the identity
  });
});

/** 32 little-endian bytes of x. */
const le = (x: bigint): Uint8Array => {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++, x >>= 8n) b[i] = Number(x & 0xffn);
  return b;
};

describe('ristretto255 decoding: every failure branch', () => {
  /** The first even canonical s ≥ 2 whose BigInt decoding fails with `status`. */
  const firstWith = (status: DecodeStatus): Uint8Array => {
    for (let s = 2n; ; s += 2n) if (decodeStatusBigint(le(s)) === status) return le(s);
  };
  const valid = ristretto.gExp(123456789n).toBytes();
  const cases: [string, Uint8Array, DecodeStatus][] = [
    ['valid', valid, 0],
    ['s = p (non-canonical)', le(P), 1],
    ['s = 2^255 − 1 (non-canonical)', le((1n << 255n) - 1n), 1],
    [
      'bit 255 set on a valid encoding',
      (() => {
        const b = valid.slice();
        b[31]! |= 0x80;
        return b;
      })(),
      1,
    ],
    ['s = p + 2 (non-canonical, even)', le(P + 2n), 1],
    ['s = 1 (negative)', le(1n), 2],
    ['s = p − 2 (negative)', le(P - 2n), 2],
    ['not square', firstWith(3), 3],
    ['t negative', firstWith(4), 4],
    ['s = p − 1 = −1 (y = 0)', le(P - 1n), 5],
  ];
  it.each(cases)('%s: WebAssembly and BigInt give status %#, noble agrees', (_, b, status) => {
    expect(decodeStatusBigint(b)).toBe(status);
    expect(decodeStatusWasm!(b)).toBe(status);
    expect(decodeFast!(b) === null).toBe(status !== 0);
    expect(same(decodeFast!(b), noble(b))).toBe(true);
    expect(same(decodeBigint(b), noble(b))).toBe(true);
  });
  it('WebAssembly and BigInt agree on the status of random bytes and random even canonical values', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fe.map((s) => le(s & ~1n)),
        ),
        (b) => {
          const st = decodeStatusWasm!(b);
          seen.add(st);
          expect(st).toBe(decodeStatusBigint(b));
        },
      ),
      { numRuns: 1000 },
    );
    for (const st of [0, 1, 2, 3, 4]) expect(seen.has(st)).toBe(true); // y = 0 only for s = −1
  });
});

describe('ristretto255 decoding: the branches of SQRT_RATIO_M1(1, w)', () => {
  const D = ed25519D;
  /** check = w·r² for r = w³·(w⁷)^((p−5)/8), w = v·u2² of RFC 9496 §4.3.1 (s from the bytes). */
  const checkOf = (b: Uint8Array): bigint => {
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(b[i]!);
    const md = (x: bigint) => ((x % P) + P) % P;
    const ss = md(s * s);
    const u1 = md(1n - ss);
    const u2 = md(1n + ss);
    const u2sqr = md(u2 * u2);
    const v = md(-D * md(u1 * u1) - u2sqr);
    const w = md(v * u2sqr);
    const w3 = md(w * w * w);
    const r = md(w3 * powMod(md(w3 * w3 * w), (P - 5n) / 8n));
    return md(w * r * r);
  };
  it('valid encodings with check = 1 and with check = −1 both decode to the BigInt coordinates', () => {
    const seen = new Set<bigint>();
    for (let k = 1n; k <= 64n; k++) {
      const b = ristretto.gExp(k * 7919n).toBytes();
      const check = checkOf(b);
      seen.add(check);
      expect(check === 1n || check === P - 1n).toBe(true);
      const p = decodeFast!(b)!;
      expect(decodedBytes(p)!.xy).toEqual(xyOf(decodeBigint(b)!));
    }
    expect(seen).toEqual(new Set([1n, P - 1n]));
  });
  it('non-squares with check = √−1 and with check = −√−1 both fail with status 3', () => {
    const seen = new Set<bigint>();
    for (let s = 2n; seen.size < 2 && s < 2000n; s += 2n) {
      const b = le(s);
      if (decodeStatusBigint(b) !== 3) continue;
      const check = checkOf(b);
      expect(check === SQRT_M1 || check === P - SQRT_M1).toBe(true);
      seen.add(check);
      expect(decodeStatusWasm!(b)).toBe(3);
      expect(decodeFast!(b)).toBeNull();
    }
    expect(seen).toEqual(new Set([SQRT_M1, P - SQRT_M1]));
  });
});

describe('ristretto255 encoding (RFC 9496 §4.3.2)', () => {
  it('uses the RFC constant INVSQRT_A_MINUS_D', () => {
    expect(invsqrtAMinusD).toBe(
      54469307008909316920995813868745141605393597292927456921205312896311721017578n,
    );
  });
  it('encodes like noble, for affine and projective representatives and the identity', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: ristretto.q - 1n }),
        fc.bigInt({ min: 1n, max: ristretto.q - 1n }),
        (e, f) => {
          const p = ristretto.gExp(e);
          const q = p.add(ristretto.gExp(f)).subtract(ristretto.gExp(f)); // another representative
          const r = ristretto255.Point.fromBytes(p.toBytes()); // affine
          for (const x of [p, q, r]) {
            expect(Buffer.from(encodeFast!(x)).toString('hex')).toBe(p.toHex());
            expect(encodeBigint(x)).toEqual(encodeFast!(x));
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(encodeFast!(ristretto.one)).toEqual(new Uint8Array(32));
  });
});
