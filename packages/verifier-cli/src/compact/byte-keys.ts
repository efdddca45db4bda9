/**
 * Compact tables for the values the verifier keeps per ballot or per credential of a record
 * (spec/verification.md §0.3.3): a million of them must fit in tens of megabytes, so keys are
 * fixed-width bytes in flat pages and their places small integers, not strings in a `Map`.
 *
 * - {@link ByteKeyTable}: 32-byte keys → dense ordinals 0, 1, 2… in order of first insertion
 *   (open addressing over an `Int32Array`; about 45 bytes a key instead of about 120 for a
 *   64-hex-digit string in a `Map`). The hash mixes every word of the key with a random seed,
 *   so a record cannot be made of keys that all collide.
 * - {@link hexKey}, {@link labelKey}: the 32-byte key of a value that is 64 hex digits (a
 *   confirmation code, a ristretto255 credential, an online device's label): its bytes; of
 *   anything else, SHA-256 of it under a tag — two different strings never share a key (short of
 *   a SHA-256 preimage).
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';

/** Width of every key of a {@link ByteKeyTable}. */
export const KEY_BYTES = 32;

const PAGE_KEYS = 1 << 15; // 1 MiB of keys per page
const HEX64 = /^[0-9A-F]{64}$/;
const ONLINE = /^online-[0-9a-f]{64}$/;

/**
 * The 32-byte key of `value`: its bytes when it is 64 upper-case hex digits, else SHA-256 of
 * `tag` and the value (callers that compare without case upper-case it first).
 */
export function hexKey(value: string, tag: string): Buffer {
  if (HEX64.test(value)) return Buffer.from(value, 'hex');
  return createHash('sha256').update(`${tag}\u0000${value}`).digest();
}

/**
 * The 32-byte key of a device label: the credential's bytes for an online device
 * (`online-` and 64 lower-case hex digits, spec/record.md §5.5), else SHA-256 of the label.
 */
export function labelKey(label: string): Buffer {
  if (ONLINE.test(label)) return Buffer.from(label.slice(7), 'hex');
  return createHash('sha256').update(`label\u0000${label}`).digest();
}

/** 32-byte keys → ordinals. */
export interface ByteKeyTable {
  /** Number of keys. */
  readonly size: number;
  /** The ordinal of `key`, or -1. */
  find(key: Uint8Array): number;
  /** The ordinal of `key`, adding it (as ordinal `size`) when new. */
  intern(key: Uint8Array): number;
  /** The key of ordinal `o` (a view: copy it to keep it). */
  keyAt(o: number): Uint8Array;
}

/** A new, empty table. */
export function byteKeyTable(): ByteKeyTable {
  const pages: Uint8Array[] = [];
  let slots = new Int32Array(1 << 10); // ordinal + 1; 0 is empty
  let mask = slots.length - 1;
  let size = 0;
  const seed = randomBytes(36);
  const s = Array.from({ length: 9 }, (_, i) => seed.readInt32LE(4 * i));
  const keyAt = (o: number): Uint8Array => {
    const off = (o & (PAGE_KEYS - 1)) * KEY_BYTES;
    return pages[o >>> 15]!.subarray(off, off + KEY_BYTES);
  };
  const hash = (k: Uint8Array): number => {
    let h = s[8]!;
    for (let i = 0; i < KEY_BYTES; i += 4) {
      const w = (k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24)) ^ s[i >> 2]!;
      h = Math.imul(h ^ w, 0x9e3779b1);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    return (h ^ (h >>> 13)) >>> 0;
  };
  const same = (a: Uint8Array, b: Uint8Array): boolean => {
    for (let i = 0; i < KEY_BYTES; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  /** The slot of `key`: where it is, or the empty slot where it would go. */
  const slotOf = (key: Uint8Array): number => {
    let i = hash(key) & mask;
    for (;;) {
      const v = slots[i]!;
      if (v === 0 || same(keyAt(v - 1), key)) return i;
      i = (i + 1) & mask;
    }
  };
  const grow = (): void => {
    slots = new Int32Array(slots.length * 2);
    mask = slots.length - 1;
    for (let o = 0; o < size; o++) slots[slotOf(keyAt(o))] = o + 1;
  };
  return {
    get size() {
      return size;
    },
    find(key) {
      const v = slots[slotOf(key)]!;
      return v - 1;
    },
    intern(key) {
      if (key.length !== KEY_BYTES) throw new RangeError(`a key is ${KEY_BYTES} bytes`);
      const i = slotOf(key);
      const v = slots[i]!;
      if (v !== 0) return v - 1;
      const o = size++;
      if ((o & (PAGE_KEYS - 1)) === 0) pages.push(new Uint8Array(PAGE_KEYS * KEY_BYTES));
      const off = (o & (PAGE_KEYS - 1)) * KEY_BYTES;
      pages[o >>> 15]!.set(key, off);
      slots[i] = o + 1;
      if (size * 2 > slots.length) grow();
      return o;
    },
    keyAt,
  };
}
