/**
 * `Group.divEncoded` of ristretto255 (ristretto-quotient.ts): the quotient of two decoded points
 * in WebAssembly equals noble's, keeps the right encoding and affine x, y (a multi-scalar
 * multiplication with it gives noble's answer), and falls back to BigInt for the identity's
 * representatives and for points that were not decoded.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { bigintToBytes } from '../bytes.js';
import { randomScalar } from './scalar.js';
import { divForHash } from './group.js';
import { ristretto, type RistrettoPoint } from './ristretto255.js';
import { quotientFast } from './ristretto-quotient.js';
import { decodedBytes, decodedPoint, edwardsOf } from './ristretto-edwards.js';
import { ristrettoMsm } from './ristretto-msm.js';

const G = ristretto;
const P = (1n << 255n) - 19n;
const md = (x: bigint) => ((x % P) + P) % P;
const random = () => G.gExp(randomScalar(G.q));
const decoded = (x: RistrettoPoint) => G.decode(G.encode(x), 'x');
const le = (x: bigint) => bigintToBytes(x, 32).reverse();
/** A decoded-like point whose representative is (x, y) (any representative of the same class). */
const withRep = (x: bigint, y: bigint, enc: Uint8Array) => {
  const xy = new Uint8Array(64);
  xy.set(le(md(x)), 0);
  xy.set(le(md(y)), 32);
  return decodedPoint(xy, enc.slice());
};
/** The affine x, y of a point's representative. */
const affine = (p: RistrettoPoint) => {
  const e = edwardsOf(p);
  const zi = ed25519.Point.Fp.inv(e.Z);
  return { x: md(e.X * zi), y: md(e.Y * zi) };
};

describe('ristretto255 quotient with its encoding (WebAssembly)', () => {
  it.runIf(quotientFast)('equals noble’s a − b, with its encoding and affine x, y kept', () => {
    for (let i = 0; i < 40; i++) {
      const a = decoded(random());
      const b = decoded(random());
      const q = quotientFast!(a, b)!;
      expect(q).toBeDefined();
      const want = a.subtract(b);
      expect(q.equals(want)).toBe(true);
      expect(decodedBytes(q)!.enc).toEqual(want.toBytes());
      expect(G.encode(q)).toEqual(want.toBytes());
      // the kept x, y are the representative's: on the curve, and what the MSM reads
      const { x, y } = affine(q);
      expect(md(-x * x + y * y)).toBe(md(1n + ed25519.Point.CURVE().d * x * x * y * y));
      const e1 = randomScalar(G.q);
      const e2 = randomScalar(G.q);
      expect(ristrettoMsm([q, a], [e1, e2], 'pippenger').equals(want.multiply(e1).add(a.multiply(e2)))).toBe(
        true,
      );
    }
  });

  it.runIf(quotientFast)('a − (−a) and a − b with b’s representative moved by a 4-torsion point', () => {
    const a = decoded(random());
    const minusA = decoded(a.negate());
    expect(quotientFast!(a, minusA)!.equals(a.add(a))).toBe(true);
    const b = decoded(random());
    const { x, y } = affine(b);
    const i = ed25519.Point.Fp.sqrt(P - 1n); // (±i, 0) and (0, −1) are the 4-torsion points
    // b + (0, −1) = (−x, −y); b + (i, 0) = (i·y, i·x) (a = −1): the same ristretto point
    const reps = [withRep(-x, -y, G.encode(b)), withRep(i * y, i * x, G.encode(b))];
    for (const r of reps) {
      expect(r.equals(b)).toBe(true);
      const q = quotientFast!(a, r)!;
      expect(q.equals(a.subtract(b))).toBe(true);
      expect(G.encode(q)).toEqual(a.subtract(b).toBytes());
    }
  });

  it.runIf(quotientFast)('the identity’s representatives: no fast quotient, divForHash still right', () => {
    const a = decoded(random());
    const { x, y } = affine(a);
    const i = ed25519.Point.Fp.sqrt(P - 1n);
    // a − a = (0, 1); a − (a + (0, −1)) = (0, −1); a − (a + (i, 0)) = (∓i, 0)
    for (const b of [a, decoded(a), withRep(-x, -y, G.encode(a)), withRep(i * y, i * x, G.encode(a))]) {
      expect(quotientFast!(a, b)).toBeUndefined();
      const q = divForHash(G, a, b);
      expect(q.equals(G.one)).toBe(true);
      expect(G.encode(q)).toEqual(new Uint8Array(32));
    }
  });

  it('points that were not decoded: the quotient in BigInt', () => {
    const a = random();
    const b = decoded(random());
    if (quotientFast) expect(quotientFast(a, b)).toBeUndefined();
    expect(divForHash(G, a, b).equals(a.subtract(b))).toBe(true);
    expect(divForHash(G, b, a).equals(b.subtract(a))).toBe(true);
  });
});
