/**
 * The one JSON encoding of bytes, group elements and scalars (spec/record.md §1.2, spec/mixnet.md
 * §1.2, spec/crypto.md §1): uppercase hexadecimal of fixed length — lowercase is rejected, so that
 * a value has exactly one encoding — elements the profile's encoding (membership checked),
 * scalars 32 bytes big-endian **and < q**. Every JSON codec of the project reads hex through here.
 * @module
 */
import { toHex } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import { checkScalar, encodeScalar } from '../group/scalar.js';
import { encodeElement } from '../mixnet/encoding-cache.js';

/** Hex digit value by character code for 0-9 and A-F only, −1 for any other character. */
const UPPER_HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) UPPER_HEX[48 + i] = i;
for (let i = 0; i < 6; i++) UPPER_HEX[65 + i] = 10 + i;

/** True when `v` has only the characters 0-9 and A-F (one pass, no regular expression). */
function upperHex(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128 || UPPER_HEX[c]! < 0) return false;
  }
  return true;
}

/**
 * Uppercase hex → bytes.
 * @param bytes - the exact length required, if any
 * @throws {InvalidDataError} ENCODING naming `field`: not a string, lowercase or other characters,
 *   odd length, or not `bytes` bytes
 */
export function hexFromJson(v: unknown, field: string, bytes?: number): Uint8Array {
  const notHex = () => new InvalidDataError('ENCODING', field, 'expected uppercase hexadecimal');
  if (typeof v !== 'string' || v.length % 2 !== 0) throw notHex();
  // checked and decoded in one pass (every element and hash of a ballot comes through here)
  const out = new Uint8Array(v.length / 2);
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const a = v.charCodeAt(j);
    const b = v.charCodeAt(j + 1);
    const hi = a < 128 ? UPPER_HEX[a]! : -1;
    const lo = b < 128 ? UPPER_HEX[b]! : -1;
    if ((hi | lo) < 0) throw notHex();
    out[i] = (hi << 4) | lo;
  }
  if (bytes !== undefined && out.length !== bytes) {
    throw new InvalidDataError('ENCODING', field, `expected ${bytes} bytes`);
  }
  return out;
}

/** A group element → its uppercase hex. */
export function elementToJson<E>(G: Group<E>, x: E): string {
  return toHex(encodeElement(G, x));
}

/**
 * Uppercase hex of the profile's fixed length → a group element.
 * @throws {InvalidDataError} ENCODING, or NOT_IN_GROUP when the value is not a group member
 */
export function elementFromJson<E>(G: Group<E>, v: unknown, field: string): E {
  // G.decode remembers the encoding of the point it returns (ristretto255), for hashing: the
  // array made here is handed over, not copied
  const bytes = hexFromJson(v, field, G.elementLength);
  return G.decodeOwned ? G.decodeOwned(bytes, field) : G.decode(bytes, field);
}

/** A scalar (or challenge) → 64 uppercase hex digits, b(x, 32). */
export function scalarToJson(s: bigint): string {
  return toHex(encodeScalar(s));
}

/**
 * 64 uppercase hex digits → a scalar in Z_q. The one rule for every scalar of every proof,
 * responses and published challenges alike: 0 ≤ x < q (spec/crypto.md §4.1).
 * @throws {InvalidDataError} ENCODING, or SCALAR_RANGE when x ≥ q
 */
export function scalarFromJson<E>(G: Group<E>, v: unknown, field: string): bigint {
  if (typeof v !== 'string' || v.length % 2 !== 0 || !upperHex(v)) {
    throw new InvalidDataError('ENCODING', field, 'expected uppercase hexadecimal');
  }
  if (v.length !== 64) throw new InvalidDataError('ENCODING', field, 'expected 32 bytes');
  // the engine's own parser: no byte array, no per-byte BigInt arithmetic
  return checkScalar(BigInt('0x' + v), G.q, field);
}
