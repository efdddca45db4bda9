/**
 * Profile `ristretto255`: the prime-order group of RFC 9496 through @noble/curves
 * (spec/crypto.md §1.3).
 *
 * Elements are noble's Ristretto points; every decoded encoding is checked canonical by
 * RFC 9496 §4.3.1 and so lies in the prime-order group. `exp` (variable base, possibly secret
 * exponent) uses noble's algorithmically constant-time `multiply`; fixed bases (g, K, guardian keys)
 * use comb tables with a fixed sequence of 32 additions (ristretto-comb.ts); `multiExp` is our
 * variable-time signed-digit Pippenger (ristretto-msm.ts), for public values only.
 * @module
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { concatBytes, bigintToBytes, toHex, utf8Bytes } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import type { FixedBase, Group } from './group.js';
import { decodeFast, encodeFast } from './ristretto-decode.js';
import { ristrettoMsm, ristrettoSum } from './ristretto-msm.js';
import { packedTerms } from './ristretto-msm-packed.js';
import { combTable, type CombPow } from './ristretto-comb.js';
import { ristrettoExp } from './ristretto-exp.js';
import { hashToRistrettoFast } from './ristretto-hash.js';
import { decodedEncoding } from './ristretto-edwards.js';
import { quotientFast } from './ristretto-quotient.js';

/** A ristretto255 group element. */
export type RistrettoPoint = InstanceType<typeof ristretto255.Point>;

const Point = ristretto255.Point;
const L = Point.Fn.ORDER;
/** The field prime 2^255 − 19, hashed into H_P. */
const P25519 = (1n << 255n) - 19n;

/** Evident's version string for the ristretto255 profile (spec/crypto.md §1.3). */
export const RISTRETTO_VERSION = 'evident-ristretto255-v1';

const red = (e: bigint): bigint => {
  const r = e % L;
  return r < 0n ? r + L : r;
};

/**
 * Encodings by point: a ristretto255 encoding costs an inverse square root (~as much as a third of
 * a scalar multiplication), and the same element is encoded for hashing, for the record and for
 * the confirmation code. Points are immutable, so the cache is safe; decoding without WebAssembly
 * fills it too (with WebAssembly a decoded point carries its encoding).
 */
const encodings = new WeakMap<RistrettoPoint, Uint8Array>();

/** The encoding of `a`, kept by the point or the cache: not a copy, never handed out. */
function keptEncoding(a: RistrettoPoint): Uint8Array {
  const kept = decodedEncoding(a); // a decoded point holds its encoding (ristretto-edwards.ts)
  if (kept) return kept;
  let b = encodings.get(a);
  if (!b) encodings.set(a, (b = encodeFast ? encodeFast(a) : a.toBytes())); // RFC 9496 §4.3.2 (ristretto-decode.ts)
  return b;
}

const encode = (a: RistrettoPoint): Uint8Array => keptEncoding(a).slice();

/** Decodes per RFC 9496 §4.3.1; `owned`: `bytes` become the point's kept encoding, not copied. */
function decode(bytes: Uint8Array, field: string, owned: boolean): RistrettoPoint {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new InvalidDataError('ENCODING', field, 'expected 32 bytes');
  }
  let p: RistrettoPoint | null;
  if (decodeFast) {
    p = decodeFast(bytes, owned); // RFC 9496 §4.3.1 with the square root in WebAssembly (ristretto-decode.ts)
  } else {
    try {
      p = Point.fromBytes(bytes);
    } catch {
      p = null;
    }
  }
  if (!p) throw new InvalidDataError('NOT_IN_GROUP', field, 'not a canonical ristretto255 encoding');
  if (!decodedEncoding(p)) encodings.set(p, owned ? bytes : bytes.slice()); // decodeFast's points hold theirs
  return p;
}

/** a − b with its encoding, in WebAssembly for decoded points (undefined without it). */
const quotient = quotientFast;

/** g's comb table, built on first use (~50 ms). */
let gComb: CombPow | undefined;

/**
 * Variable-base scalar multiplication: fixed 4-bit windows in WebAssembly (ristretto-exp.ts), or
 * noble's constant-time `multiply` without WebAssembly (which requires 1 ≤ e < ℓ).
 */
function mulCT(a: RistrettoPoint, e: bigint): RistrettoPoint {
  const fast = ristrettoExp(a, e);
  if (fast) return fast;
  const r = red(e);
  return r === 0n ? Point.ZERO : a.multiply(r);
}

const group: Group<RistrettoPoint> = {
  name: 'ristretto255',
  version: RISTRETTO_VERSION,
  proofForm: 'commitment',
  q: L,
  elementLength: 32,
  scalarLength: 32,
  g: Point.BASE,
  one: Point.ZERO,
  parameterBytes: concatBytes(bigintToBytes(P25519, 32), bigintToBytes(L, 32), Point.BASE.toBytes()),
  mul: (a, b) => a.add(b),
  inv: (a) => a.negate(),
  div: (a, b) => a.subtract(b),
  ...(quotient ? { divEncoded: (a, b) => quotient(a, b) ?? a.subtract(b) } : {}), // ristretto-quotient.ts
  exp: mulCT,
  gExp: (e) => (gComb ??= combTable(Point.BASE))(e), // comb table (ristretto-comb.ts)
  fixedBase(base): FixedBase<RistrettoPoint> {
    const pow = combTable(base);
    return { base, pow };
  },
  multiExp(bases, exps) {
    if (bases.length !== exps.length) throw new RangeError('multiExp: lengths differ');
    if (bases.length === 0) return Point.ZERO;
    if (bases.length === 1) return mulCT(bases[0]!, exps[0]!);
    return ristrettoMsm(bases, exps); // signed-digit Pippenger (ristretto-msm.ts)
  },
  mulMany: ristrettoSum, // one mixed addition per point in WebAssembly (ristretto-msm.ts)
  ...(packedTerms ? { msmTerms: packedTerms } : {}), // terms as bytes (ristretto-msm-packed.ts)
  equals: (a, b) => a.equals(b),
  encode,
  encodeInto: (a, out, at) => out.set(keptEncoding(a), at),
  decode: (bytes, field) => decode(bytes, field, false),
  decodeOwned: (bytes, field) => decode(bytes, field, true),
  key: (a) => toHex(encode(a)),
  hashToElement(seed, domain) {
    // RFC 9380 hash_to_ristretto255 with expand_message_xmd(SHA-512) and DST = domain
    // (square roots in WebAssembly when available: ristretto-hash.ts)
    if (hashToRistrettoFast) return hashToRistrettoFast(seed, domain);
    return ristretto255_hasher.hashToCurve(seed, { DST: utf8Bytes(domain) });
  },
};

/** The ristretto255 profile. */
export const ristretto: Group<RistrettoPoint> = Object.freeze(group);
