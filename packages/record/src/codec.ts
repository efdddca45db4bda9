/**
 * Typed codecs between the record's JSON (json-types.ts) and e2e-crypto values
 * (spec/record.md §1.2). Decoders check every element for group membership and every scalar for
 * its range, and throw {@link InvalidDataError} naming the field (`at` is the caller's prefix,
 * e.g. `ballots/d1.jsonl:12 contests[0]`).
 * @module
 */
import {
  type Ciphertext,
  type ChaumPedersenProof,
  type EncryptedBallot,
  type EncryptedTally,
  type Group,
  type HashedCiphertext,
  type RangeProof,
  type SchnorrProof,
  bigintToBytes,
  bytesToBigint,
  fromHex,
  InvalidDataError,
  toHex,
} from '@evident/e2e-crypto';
import type {
  BallotJson,
  ChaumPedersenProofJson,
  EncryptedTallyJson,
  HashedCiphertextJson,
  HexElement,
  HexScalar,
  RangeProofJson,
  SchnorrProofJson,
} from './json-types.js';

const UPPER_HEX = /^[0-9A-F]*$/;

/** Strict hex: uppercase, even length, optionally of `bytes` bytes. @throws {InvalidDataError} ENCODING */
export function decodeHex(hex: unknown, field: string, bytes?: number): Uint8Array {
  if (typeof hex !== 'string' || !UPPER_HEX.test(hex) || hex.length % 2 !== 0) {
    throw new InvalidDataError('ENCODING', field, 'expected uppercase hexadecimal');
  }
  if (bytes !== undefined && hex.length !== 2 * bytes) {
    throw new InvalidDataError('ENCODING', field, `expected ${bytes} bytes`);
  }
  return fromHex(hex, field);
}

/** Element → hex. */
export function encodeElement<E>(G: Group<E>, x: E): HexElement {
  return toHex(G.encode(x));
}

/** hex → element, membership checked. */
export function decodeElement<E>(G: Group<E>, hex: unknown, field: string): E {
  return G.decode(decodeHex(hex, field, G.elementLength), field);
}

/** Scalar (or challenge < 2^256) → 64 hex digits. */
export function encodeScalarHex(x: bigint): HexScalar {
  return toHex(bigintToBytes(x, 32));
}

/**
 * 64 hex digits → integer in [0, 2^256). Range against q is the proof verifier's check
 * (5.B/5.C, 9.A …), so that it is reported as that numbered check.
 */
export function decodeScalarHex(hex: unknown, field: string): bigint {
  return bytesToBigint(decodeHex(hex, field, 32));
}

/** Range proof → JSON. */
export function encodeRangeProof<E>(G: Group<E>, p: RangeProof<E>): RangeProofJson {
  const base = { c: p.c.map(encodeScalarHex), v: p.v.map(encodeScalarHex) };
  if (!p.a || !p.b) return base;
  return { a: p.a.map((x) => encodeElement(G, x)), b: p.b.map((x) => encodeElement(G, x)), ...base };
}

/** JSON → range proof of the profile's form. */
export function decodeRangeProof<E>(G: Group<E>, j: RangeProofJson, at: string): RangeProof<E> {
  const c = j.c.map((x, i) => decodeScalarHex(x, `${at}.c[${i}]`));
  const v = j.v.map((x, i) => decodeScalarHex(x, `${at}.v[${i}]`));
  if (G.proofForm === 'challenge') return { c, v };
  if (!j.a || !j.b) throw new InvalidDataError('VALUE', at, 'commitment-form proof without commitments');
  return {
    a: j.a.map((x, i) => decodeElement(G, x, `${at}.a[${i}]`)),
    b: j.b.map((x, i) => decodeElement(G, x, `${at}.b[${i}]`)),
    c,
    v,
  };
}

/** Chaum–Pedersen proof → JSON. */
export function encodeCpProof<E>(G: Group<E>, p: ChaumPedersenProof<E>): ChaumPedersenProofJson {
  if (p.a !== undefined && p.b !== undefined) {
    return { a: encodeElement(G, p.a), b: encodeElement(G, p.b), v: encodeScalarHex(p.v) };
  }
  return { c: encodeScalarHex(p.c ?? 0n), v: encodeScalarHex(p.v) };
}

/** JSON → Chaum–Pedersen proof. */
export function decodeCpProof<E>(G: Group<E>, j: ChaumPedersenProofJson, at: string): ChaumPedersenProof<E> {
  const v = decodeScalarHex(j.v, `${at}.v`);
  if (G.proofForm === 'challenge') return { c: decodeScalarHex(j.c, `${at}.c`), v };
  return { a: decodeElement(G, j.a, `${at}.a`), b: decodeElement(G, j.b, `${at}.b`), v };
}

/** Schnorr proof → JSON. */
export function encodeSchnorrProof<E>(G: Group<E>, p: SchnorrProof<E>): SchnorrProofJson {
  if (p.h !== undefined) return { h: encodeElement(G, p.h), v: encodeScalarHex(p.v) };
  return { c: encodeScalarHex(p.c ?? 0n), v: encodeScalarHex(p.v) };
}

/** JSON → Schnorr proof. */
export function decodeSchnorrProof<E>(G: Group<E>, j: SchnorrProofJson, at: string): SchnorrProof<E> {
  const v = decodeScalarHex(j.v, `${at}.v`);
  if (G.proofForm === 'challenge') return { c: decodeScalarHex(j.c, `${at}.c`), v };
  return { h: decodeElement(G, j.h, `${at}.h`), v };
}

/** Ciphertext ↔ {alpha, beta}. */
export function decodeCiphertext<E>(
  G: Group<E>,
  j: { alpha: string; beta: string },
  at: string,
): Ciphertext<E> {
  return { alpha: decodeElement(G, j.alpha, `${at}.alpha`), beta: decodeElement(G, j.beta, `${at}.beta`) };
}

/** Hashed ciphertext → JSON. */
export function encodeHashed<E>(G: Group<E>, c: HashedCiphertext<E>): HashedCiphertextJson {
  return { c0: encodeElement(G, c.c0), c1: toHex(c.c1), c2: toHex(c.c2) };
}

/** JSON → hashed ciphertext. */
export function decodeHashed<E>(G: Group<E>, j: HashedCiphertextJson, at: string): HashedCiphertext<E> {
  return {
    c0: decodeElement(G, j.c0, `${at}.c0`),
    c1: decodeHex(j.c1, `${at}.c1`),
    c2: decodeHex(j.c2, `${at}.c2`, 32),
  };
}

/** An encrypted ballot → one JSON line's object. */
export function encodeBallot<E>(
  G: Group<E>,
  b: EncryptedBallot<E>,
  state: 'cast' | 'challenged',
): BallotJson {
  return {
    code: toHex(b.code),
    style: b.style,
    state,
    contests: b.contests.map((c) => ({
      label: c.label,
      selections: c.selections.map((s) => ({
        alpha: encodeElement(G, s.ciphertext.alpha),
        beta: encodeElement(G, s.ciphertext.beta),
        proof: encodeRangeProof(G, s.proof),
      })),
      proof: encodeRangeProof(G, c.proof),
      contestData: encodeHashed(G, c.contestData),
    })),
  };
}

/** The encrypted tally → `encrypted-tally.json` (§6): each selection's aggregate ciphertext. */
export function encodeEncryptedTally<E>(G: Group<E>, tally: EncryptedTally<E>): EncryptedTallyJson {
  return {
    castBallots: tally.castBallots,
    contests: tally.contests.map((c) => ({
      label: c.label,
      selections: c.selections.map((s) => ({
        label: s.label,
        alpha: encodeElement(G, s.ciphertext.alpha),
        beta: encodeElement(G, s.ciphertext.beta),
      })),
    })),
  };
}
