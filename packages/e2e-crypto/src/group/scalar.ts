/**
 * Arithmetic in Z_q, shared by both profiles (q prime), and CSPRNG sampling.
 * @module
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { modInv } from 'bigint-crypto-utils';
import { bigintToBytes, bytesToBigint } from '../bytes.js';
import { InvalidDataError } from '../errors.js';

/** x mod q in [0, q). */
export function mod(x: bigint, q: bigint): bigint {
  const r = x % q;
  return r < 0n ? r + q : r;
}

/** Multiplicative inverse mod prime q. @throws {RangeError} for x ≡ 0 */
export function invMod(x: bigint, q: bigint): bigint {
  if (mod(x, q) === 0n) throw new RangeError('invMod: 0 has no inverse');
  return modInv(mod(x, q), q);
}

/**
 * A uniformly random scalar in [0, q) from the CSPRNG (`crypto.getRandomValues` through
 * @noble/hashes): 64 random bytes reduced mod q, a statistical distance below 2^-250 from uniform.
 */
export function randomScalar(q: bigint): bigint {
  return mod(bytesToBigint(randomBytes(64)), q);
}

/** A random scalar in [1, q). */
export function randomNonzeroScalar(q: bigint): bigint {
  for (;;) {
    const s = randomScalar(q);
    if (s !== 0n) return s;
  }
}

/**
 * Checks that `s` is an integer in Z_q.
 * @throws {InvalidDataError} SCALAR_RANGE naming `field`
 */
export function checkScalar(s: bigint, q: bigint, field: string): bigint {
  if (typeof s !== 'bigint' || s < 0n || s >= q) {
    throw new InvalidDataError('SCALAR_RANGE', field, 'scalar is not in [0, q)');
  }
  return s;
}

/** b(s, 32): a scalar as 32 big-endian bytes (EG 2.0 §5.1.2; also used for ristretto255). */
export function encodeScalar(s: bigint): Uint8Array {
  return bigintToBytes(s, 32);
}

/**
 * Decodes 32 big-endian bytes to a scalar in Z_q.
 * @throws {InvalidDataError} ENCODING (length) or SCALAR_RANGE (≥ q)
 */
export function decodeScalar(bytes: Uint8Array, q: bigint, field: string): bigint {
  if (bytes.length !== 32) {
    throw new InvalidDataError('ENCODING', field, `expected 32 bytes, got ${bytes.length}`);
  }
  return checkScalar(bytesToBigint(bytes), q, field);
}
