/**
 * Field decoders of the evident-trustee files (spec/key-ceremony.md §12): each throws
 * {@link InvalidDataError} naming the field, so that a reader turns it into its own refusal (the
 * CLI names the file, the server answers a coded 4xx). Hex is read in either case (the files are
 * written in upper case; spec/server-api.md §1 accepts both), elements are checked for group
 * membership and scalars for their range.
 * @module
 */
import {
  type Group,
  InvalidDataError,
  bytesToBigint,
  decodeScalar,
  encodeScalar,
  fromHex,
  toHex,
} from '@evident/e2e-crypto';

/** A string. */
export function fieldString(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new InvalidDataError('VALUE', field, 'expected a string');
  return v;
}

/** A safe integer ≥ `min`. */
export function fieldInt(v: unknown, field: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new InvalidDataError('VALUE', field, `expected an integer ≥ ${min}`);
  return v;
}

/** An array. */
export function fieldArray(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new InvalidDataError('VALUE', field, 'expected an array');
  return v;
}

/** A JSON object (not an array, not null). */
export function fieldObject(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidDataError('VALUE', field, 'expected an object');
  return v as Record<string, unknown>;
}

/** Hex bytes of either case, of `len` bytes when given. */
export function fieldBytes(v: unknown, field: string, len?: number): Uint8Array {
  const b = fromHex(fieldString(v, field), field);
  if (len !== undefined && b.length !== len)
    throw new InvalidDataError('ENCODING', field, `expected ${len} bytes`);
  return b;
}

/** A group element, membership checked. */
export function fieldElement<E>(G: Group<E>, v: unknown, field: string): E {
  return G.decode(fieldBytes(v, field), field);
}

/** A scalar of Z_q (32 bytes, < q). */
export function fieldScalar(G: Group<unknown>, v: unknown, field: string): bigint {
  return decodeScalar(fieldBytes(v, field), G.q, field);
}

/** A challenge in challenge form: 0 ≤ c < 2^256, written as 32 bytes. */
export function fieldChallenge(v: unknown, field: string): bigint {
  return bytesToBigint(fieldBytes(v, field, 32));
}

/** Upper-case hex of an element, as the files are written. */
export const hexElement = <E>(G: Group<E>, x: E): string => toHex(G.encode(x));

/** Upper-case hex of a scalar (32 bytes). */
export const hexScalar = (s: bigint): string => toHex(encodeScalar(s));
