/**
 * verifyEd25519 (ed25519-verify.ts) gives @noble/curves' result on every input: honest
 * signatures, random corruptions, and the encodings where OpenSSL's cofactorless check and
 * noble's cofactored one can disagree — keys and R values with a small-order component, keys of
 * small order, non-canonical encodings of A and R (y ≥ p, negative zero), s ≥ L — in strict
 * (RFC 8032) and ZIP-215 modes.
 */
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nativeEd25519, verifyEd25519 } from './ed25519-verify.js';

type Point = InstanceType<typeof ed25519.Point>;
const { Point } = ed25519;
const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

const le = (x: bigint, n = 32): Uint8Array => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++, x >>= 8n) b[i] = Number(x & 255n);
  return b;
};
const leInt = (b: Uint8Array): bigint => b.reduceRight((x, v) => (x << 8n) | BigInt(v), 0n);
const cat = (...a: Uint8Array[]): Uint8Array => Uint8Array.from(a.flatMap((x) => [...x]));
const scalar = (): bigint => leInt(randomBytes(40)) % L;

/** n·X by double-and-add (any n ≥ 0: noble's multiply refuses n ≥ L). */
function times(X: Point, n: bigint): Point {
  let r = Point.ZERO;
  for (let b = BigInt(n.toString(2).length) - 1n; b >= 0n; b--) {
    r = r.double();
    if ((n >> b) & 1n) r = r.add(X);
  }
  return r;
}

/** A point of order exactly 8. */
function torsion8(): Point {
  for (;;) {
    try {
      const T = times(Point.fromBytes(randomBytes(32), false), L);
      if (!times(T, 4n).is0()) return T;
    } catch {
      // not a point: draw again
    }
  }
}
const T8 = torsion8();
const smallOrder = Array.from({ length: 8 }, (_, i) => times(T8, BigInt(i)));

/** k = SHA-512(R ∥ A ∥ M) mod L. */
const challenge = (R: Uint8Array, A: Uint8Array, M: Uint8Array): bigint =>
  leInt(
    createHash('sha512')
      .update(cat(R, A, M))
      .digest(),
  ) % L;

/** A signature by secret scalar a of key encoding A, with R = r·B + extra (a torsion part). */
function sign(a: bigint, A: Uint8Array, M: Uint8Array, extra: Point = Point.ZERO): Uint8Array {
  const r = scalar();
  const R = Point.BASE.multiply(r).add(extra).toBytes();
  return cat(R, le((r + challenge(R, A, M) * a) % L));
}

/** The encodings y + p of a y < 19 (non-canonical), with the sign bit `sign`. */
const nonCanonical = (y: bigint, sign: boolean): Uint8Array => {
  const b = le(y + P);
  if (sign) b[31]! |= 0x80;
  return b;
};

/** True when both modes give noble's answer (exceptions included). */
function agrees(sig: Uint8Array, msg: Uint8Array, key: Uint8Array): boolean {
  for (const zip215 of [false, true]) {
    const run = (f: () => boolean): string => {
      try {
        return String(f());
      } catch (e) {
        return `throws ${(e as Error).constructor.name}`;
      }
    };
    const want = run(() => ed25519.verify(sig, msg, key, { zip215 }));
    const got = run(() => verifyEd25519(sig, msg, key, { zip215 }));
    if (want !== got) return false;
  }
  return true;
}

describe('verifyEd25519 equals @noble/curves ed25519.verify', () => {
  it('runs natively in Node', () => {
    expect(nativeEd25519).toBe(true);
  });

  it('accepts honest signatures and refuses corrupted ones, as noble does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(64 * 8 - 1), fc.nat(2), (msg, bit, what) => {
        const sk = randomBytes(32);
        const pk = ed25519.getPublicKey(sk);
        const sig = ed25519.sign(msg, sk);
        expect(verifyEd25519(sig, msg, pk, { zip215: false })).toBe(true);
        expect(verifyEd25519(sig, msg, pk, { zip215: true })).toBe(true);
        const bad = [sig.slice(), msg.length > 0 ? msg.slice() : new Uint8Array(1), pk.slice()][what]!;
        bad[(bit >> 3) % bad.length]! ^= 1 << (bit & 7);
        const [s2, m2, k2] = what === 0 ? [bad, msg, pk] : what === 1 ? [sig, bad, pk] : [sig, msg, bad];
        expect(agrees(s2, m2, k2)).toBe(true);
        expect(verifyEd25519(s2, m2, k2, { zip215: false })).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('accepts a key with a small-order component, which OpenSSL refuses and noble accepts', () => {
    let refusedByOpenSsl = 0;
    for (let i = 0; i < 16; i++) {
      const a = scalar();
      const A = Point.BASE.multiply(a).add(T8).toBytes(); // not of small order: strict keys allow it
      const M = randomBytes(20);
      const sig = sign(a, A, M);
      expect(ed25519.verify(sig, M, A, { zip215: false })).toBe(true);
      expect(agrees(sig, M, A)).toBe(true);
      if (!nodeVerify(sig, M, A)) refusedByOpenSsl++;
    }
    expect(refusedByOpenSsl).toBeGreaterThan(0); // the case where the two equations differ
  });

  it('gives noble’s answer when R has a small-order component', () => {
    for (const T of smallOrder) {
      const a = scalar();
      const A = Point.BASE.multiply(a).toBytes();
      const M = randomBytes(20);
      const sig = sign(a, A, M, T);
      expect(ed25519.verify(sig, M, A, { zip215: false })).toBe(true); // cofactored
      expect(agrees(sig, M, A)).toBe(true);
    }
  });

  it('gives noble’s answer for keys of small order, canonical or not', () => {
    const encodings = smallOrder.map((T) => T.toBytes());
    for (const y of [0n, 1n]) for (const sign of [false, true]) encodings.push(nonCanonical(y, sign));
    encodings.push(le(1n | (1n << 255n)), le(P - 1n + (1n << 255n))); // negative zero: (0, 1), (0, −1)
    const M = randomBytes(16);
    for (const A of encodings)
      for (const R of encodings) {
        // s = 0: [0]B = R + [k]A holds up to torsion whatever R and A of small order
        expect(agrees(cat(R, le(0n)), M, A)).toBe(true);
        expect(agrees(cat(R, le(scalar())), M, A)).toBe(true);
      }
    // the identity as key and R, s = 0: ZIP-215 accepts any message, strict refuses
    const id = Point.ZERO.toBytes();
    expect(verifyEd25519(cat(id, le(0n)), M, id, { zip215: true })).toBe(true);
    expect(verifyEd25519(cat(id, le(0n)), M, id, { zip215: false })).toBe(false);
  });

  it('gives noble’s answer for non-canonical encodings of R and A, and for s ≥ L', () => {
    const a = scalar();
    const Apoint = Point.BASE.multiply(a);
    const A = Apoint.toBytes();
    const M = randomBytes(16);
    const sig = sign(a, A, M);
    const s = leInt(sig.subarray(32));
    expect(agrees(cat(sig.subarray(0, 32), le(s + L)), M, A)).toBe(true);
    expect(verifyEd25519(cat(sig.subarray(0, 32), le(s + L)), M, A, { zip215: true })).toBe(false);
    for (let y = 0n; y < 19n; y++)
      for (const sign of [false, true]) {
        const enc = nonCanonical(y, sign);
        expect(agrees(cat(enc, sig.subarray(32)), M, A)).toBe(true);
        expect(agrees(cat(enc, le(0n)), M, enc)).toBe(true);
        expect(agrees(sig, M, enc)).toBe(true);
      }
  });
});

/** OpenSSL's own answer (the native check alone), to show the cases above reach the difference. */
function nodeVerify(sig: Uint8Array, msg: Uint8Array, key: Uint8Array): boolean {
  const x = Buffer.from(key).toString('base64url');
  return verify(null, msg, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }), sig);
}
