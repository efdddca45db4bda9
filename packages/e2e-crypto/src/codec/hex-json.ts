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
 * A value's field as an error names it: `at`, `at.name` when `name` is not empty, then `[index]`
 * when `index` ≥ 0. The decoders of the items of a proof's lists take the three parts and spell
 * the field only when they throw (a ballot's proofs have hundreds of items, nearly all valid).
 */
export function fieldPath(at: string, name: string, index: number): string {
  const f = name === '' ? at : `${at}.${name}`;
  return index < 0 ? f : `${f}[${index}]`;
}

/** {@link hexFromJson} of the value at {@link fieldPath}(at, name, index). */
function hexAt(v: unknown, at: string, name: string, index: number, bytes?: number): Uint8Array {
  const notHex = () =>
    new InvalidDataError('ENCODING', fieldPath(at, name, index), 'expected uppercase hexadecimal');
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
    throw new InvalidDataError('ENCODING', fieldPath(at, name, index), `expected ${bytes} bytes`);
  }
  return out;
}

/**
 * Uppercase hex → bytes.
 * @param bytes - the exact length required, if any
 * @throws {InvalidDataError} ENCODING naming `field`: not a string, lowercase or other characters,
 *   odd length, or not `bytes` bytes
 */
export function hexFromJson(v: unknown, field: string, bytes?: number): Uint8Array {
  return hexAt(v, field, '', -1, bytes);
}

/** A group element → its uppercase hex. */
export function elementToJson<E>(G: Group<E>, x: E): string {
  return toHex(encodeElement(G, x));
}

/** The field the group's decoder is given by {@link elementAt}: its errors are named again. */
const UNNAMED = '';

/** {@link elementFromJson} of the value at {@link fieldPath}(at, name, index). */
function elementAt<E>(G: Group<E>, v: unknown, at: string, name: string, index: number): E {
  // G.decode remembers the encoding of the point it returns (ristretto255), for hashing: the
  // array made here is handed over, not copied
  const bytes = hexAt(v, at, name, index, G.elementLength);
  if (name === '' && index < 0) return G.decodeOwned ? G.decodeOwned(bytes, at) : G.decode(bytes, at);
  try {
    return G.decodeOwned ? G.decodeOwned(bytes, UNNAMED) : G.decode(bytes, UNNAMED);
  } catch (e) {
    // the group's error, its code and detail, under the field spelled now
    if (!(e instanceof InvalidDataError) || e.field !== UNNAMED) throw e;
    throw new InvalidDataError(e.code, fieldPath(at, name, index), e.message.slice(UNNAMED.length + 2));
  }
}

/**
 * Uppercase hex of the profile's fixed length → a group element.
 * @throws {InvalidDataError} ENCODING, or NOT_IN_GROUP when the value is not a group member
 */
export function elementFromJson<E>(G: Group<E>, v: unknown, field: string): E {
  return elementAt(G, v, field, '', -1);
}

/**
 * {@link elementFromJson} of the value at `at.name`, or `at.name[index]` with `index` ≥ 0: the
 * field is spelled only if the value is refused.
 */
export function elementItemFromJson<E>(G: Group<E>, v: unknown, at: string, name: string, index = -1): E {
  return elementAt(G, v, at, name, index);
}

/** A scalar (or challenge) → 64 uppercase hex digits, b(x, 32). */
export function scalarToJson(s: bigint): string {
  return toHex(encodeScalar(s));
}

/** {@link scalarFromJson} of the value at {@link fieldPath}(at, name, index). */
function scalarAt<E>(G: Group<E>, v: unknown, at: string, name: string, index: number): bigint {
  if (typeof v !== 'string' || v.length % 2 !== 0 || !upperHex(v)) {
    throw new InvalidDataError('ENCODING', fieldPath(at, name, index), 'expected uppercase hexadecimal');
  }
  if (v.length !== 64)
    throw new InvalidDataError('ENCODING', fieldPath(at, name, index), 'expected 32 bytes');
  // the engine's own parser: no byte array, no per-byte BigInt arithmetic
  const x = BigInt('0x' + v);
  return x < G.q ? x : checkScalar(x, G.q, fieldPath(at, name, index)); // throws SCALAR_RANGE
}

/**
 * 64 uppercase hex digits → a scalar in Z_q. The one rule for every scalar of every proof,
 * responses and published challenges alike: 0 ≤ x < q (spec/crypto.md §4.1).
 * @throws {InvalidDataError} ENCODING, or SCALAR_RANGE when x ≥ q
 */
export function scalarFromJson<E>(G: Group<E>, v: unknown, field: string): bigint {
  return scalarAt(G, v, field, '', -1);
}

/**
 * {@link scalarFromJson} of the value at `at.name`, or `at.name[index]` with `index` ≥ 0: the
 * field is spelled only if the value is refused.
 */
export function scalarItemFromJson<E>(G: Group<E>, v: unknown, at: string, name: string, index = -1): bigint {
  return scalarAt(G, v, at, name, index);
}
