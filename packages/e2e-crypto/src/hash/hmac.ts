/**
 * HMAC-SHA-256 (FIPS 198-1): a short message (at most {@link SHORT_MESSAGE} bytes, a
 * proof's challenge message) in JavaScript over words (./sha256-words.ts), on every platform: a
 * call into `node:crypto` costs more than its few compressions. In Node, a message of
 * {@link NATIVE_INNER} to {@link NATIVE_INNER_MAX} bytes has its inner hash computed natively in
 * one call (`crypto.hash`) and its outer one over words; a longer one native (OpenSSL through
 * `node:crypto`), portable (@noble/hashes) elsewhere.
 *
 * Node is detected at run time (../native-crypto.ts), so that a browser bundle keeps the
 * portable code. Both give the same bytes (hmac.test.ts compares them).
 *
 * Portable path: the key schedule (the inner and outer padded-key blocks, two SHA-256
 * compressions) is kept per key object and cloned for each message: H is keyed with the same H_E
 * (or H_P, ver) thousands of times per ballot batch, and most of its inputs are a few blocks long.
 * A cached schedule is used only while its key's bytes are unchanged. The short-message path
 * keeps its word schedules the same way (each in a WeakMap entry: it lives as long as its key's
 * array, and holds a copy of the key).
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from '../bytes.js';
import { nodeCrypto } from '../native-crypto.js';
import {
  type HmacSchedule,
  hmacKeySchedule,
  hmacOuterWords,
  hmacWords,
  sha256Words,
  wordsInto,
} from './sha256-words.js';

/**
 * The longest message (bytes) hashed by ./sha256-words.ts rather than natively: about where a
 * native call (~2 µs) and the compressions (~0.35 µs a block) cost the same. A range proof 0..1's
 * message is 225 bytes, 0..2's 289.
 */
export const SHORT_MESSAGE = 320;

/**
 * From this many message bytes (up to {@link NATIVE_INNER_MAX}), in Node, the inner hash of HMAC
 * is one native SHA-256 call over the padded key block and the message (`crypto.hash`, ~0.8 µs
 * whatever the few blocks) and the outer one compression over words: below it the compressions
 * in JavaScript (~0.35 µs a block) cost less. A range proof 0..1's message is 225 bytes, a
 * decryption proof's 193, a ranked position's range proof 0..4's 417.
 */
export const NATIVE_INNER = 160;
/** The longest message hashed by {@link NATIVE_INNER}'s way (longer: streamed, `createHmac`). */
export const NATIVE_INNER_MAX = 4096;

/** A key's schedule over words and its inner padded block (key ⊕ ipad) as bytes. */
interface KeyEntry {
  readonly key: Uint8Array;
  readonly schedule: HmacSchedule;
  readonly ipad: Uint8Array;
}

const wordSchedules = new WeakMap<Uint8Array, KeyEntry>();

/** The key's entry, cached while its bytes are unchanged. */
function keyEntry(key: Uint8Array): KeyEntry {
  let s = wordSchedules.get(key);
  if (!s || !bytesEqual(s.key, key)) {
    const ipad = new Uint8Array(64).fill(0x36);
    if (key.length <= 64) for (let i = 0; i < key.length; i++) ipad[i]! ^= key[i]!;
    s = { key: key.slice(), schedule: hmacKeySchedule(key), ipad };
    wordSchedules.set(key, s);
  }
  return s;
}

/** HMAC-SHA-256(key, ...messages) over words, the key's schedule cached while its bytes are unchanged. */
function wordsHmac(key: Uint8Array, messages: readonly Uint8Array[]): Uint8Array {
  const s = keyEntry(key);
  const out = new Uint8Array(32);
  wordsInto(hmacWords(s.schedule, messages, DIGEST), out, 0);
  DIGEST.fill(0);
  return out;
}

/** The digest's words (scratch of {@link wordsHmac}). */
const DIGEST = new Int32Array(8);

/** `crypto.hash` of Node (≥ 20.12), the one-shot digest. */
interface NativeHash {
  hash(alg: 'sha256', data: Uint8Array, enc: 'buffer'): Uint8Array;
}
const oneShot = nodeCrypto<NativeHash>('hash');

/** key ⊕ ipad and the message, hashed at once (scratch of {@link oneShotHmac}, zeroed after use). */
let innerScratch = new Uint8Array(64 + 512);

/**
 * HMAC-SHA-256 of `n` message bytes (a key of at most 64 bytes): the inner hash natively in one
 * call, the outer over words from the key's cached schedule.
 */
function oneShotHmac(c: NativeHash, key: Uint8Array, messages: readonly Uint8Array[], n: number): Uint8Array {
  const s = keyEntry(key);
  if (64 + n > innerScratch.length) innerScratch = new Uint8Array(64 + n);
  const buf = innerScratch;
  buf.set(s.ipad, 0);
  let at = 64;
  for (const m of messages) {
    buf.set(m, at);
    at += m.length;
  }
  const inner = c.hash('sha256', buf.subarray(0, at), 'buffer');
  buf.fill(0, 0, at);
  const out = new Uint8Array(32);
  wordsInto(hmacOuterWords(s.schedule, inner, DIGEST), out, 0);
  DIGEST.fill(0);
  inner.fill(0);
  return out;
}

type Keyed = ReturnType<typeof hmac.create>;
const schedules = new WeakMap<Uint8Array, { readonly key: Uint8Array; readonly base: Keyed }>();

/** The part of `node:crypto` used here. */
interface NativeHmac {
  createHmac(
    alg: 'sha256',
    key: Uint8Array,
  ): { update(m: Uint8Array): unknown; digest(): Uint8Array & { buffer: ArrayBufferLike } };
  createHash(alg: 'sha256'): { update(m: Uint8Array): unknown; digest(): Uint8Array };
}

const native = nodeCrypto<NativeHmac>('createHmac', 'createHash');

/** HMAC-SHA-256(key, ...messages) through @noble/hashes (the browser's path; tests). */
export function hmacSha256Portable(key: Uint8Array, ...messages: Uint8Array[]): Uint8Array {
  return portableList(key, messages);
}

function portableList(key: Uint8Array, messages: readonly Uint8Array[]): Uint8Array {
  let s = schedules.get(key);
  if (!s || !bytesEqual(s.key, key)) {
    s = { key: key.slice(), base: hmac.create(sha256, key) };
    schedules.set(key, s);
  }
  const h = s.base.clone();
  for (const m of messages) h.update(m);
  return h.digest();
}

function hmacSha256Native(n: NativeHmac, key: Uint8Array, messages: readonly Uint8Array[]): Uint8Array {
  const h = n.createHmac('sha256', key);
  for (const m of messages) h.update(m);
  const d = h.digest();
  // a plain Uint8Array (not a Buffer: the same type on both paths), over the digest's own bytes
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** HMAC-SHA-256(key, ...messages) over the concatenation of `messages`. */
export function hmacSha256(key: Uint8Array, ...messages: Uint8Array[]): Uint8Array {
  return hmacSha256List(key, messages);
}

/** HMAC-SHA-256(key, messages) with the messages as one array, of any count. */
export function hmacSha256List(key: Uint8Array, messages: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const m of messages) n += m.length;
  if (oneShot && n >= NATIVE_INNER && n <= NATIVE_INNER_MAX && key.length <= 64)
    return oneShotHmac(oneShot, key, messages, n);
  if (n <= SHORT_MESSAGE) return wordsHmac(key, messages);
  return native ? hmacSha256Native(native, key, messages) : portableList(key, messages);
}

/**
 * SHA-256(...messages): a short message (at most {@link SHORT_MESSAGE} bytes: a Merkle node, a
 * 32-byte value) over words, a longer one native in Node, @noble/hashes elsewhere.
 */
export function sha256Digest(...messages: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const m of messages) n += m.length;
  if (n <= SHORT_MESSAGE) {
    const out = new Uint8Array(32);
    wordsInto(sha256Words(...messages), out, 0);
    return out;
  }
  if (native) {
    const h = native.createHash('sha256');
    for (const m of messages) h.update(m);
    const d = h.digest();
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  }
  const h = sha256.create();
  for (const m of messages) h.update(m);
  return h.digest();
}

/** True when HMAC-SHA-256 runs natively (Node); for benchmarks and tests. */
export const nativeHmac: boolean = native !== undefined;
