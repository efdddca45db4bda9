/**
 * HMAC-SHA-256 (FIPS 198-1): a short message (at most {@link SHORT_MESSAGE} bytes, a
 * proof's challenge message) in JavaScript over words (./sha256-words.ts), on every platform: a
 * call into `node:crypto` costs more than its few compressions. A longer one native (OpenSSL
 * through `node:crypto`) in Node, portable (@noble/hashes) elsewhere.
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
import { type HmacSchedule, hmacKeySchedule, hmacWords, sha256Words, wordsInto } from './sha256-words.js';

/**
 * The longest message (bytes) hashed by ./sha256-words.ts rather than natively: about where a
 * native call (~2 µs) and the compressions (~0.35 µs a block) cost the same. A range proof 0..1's
 * message is 225 bytes, 0..2's 289.
 */
export const SHORT_MESSAGE = 320;

const wordSchedules = new WeakMap<
  Uint8Array,
  { readonly key: Uint8Array; readonly schedule: HmacSchedule }
>();

/** HMAC-SHA-256(key, ...messages) over words, the key's schedule cached while its bytes are unchanged. */
function wordsHmac(key: Uint8Array, messages: readonly Uint8Array[]): Uint8Array {
  let s = wordSchedules.get(key);
  if (!s || !bytesEqual(s.key, key)) {
    s = { key: key.slice(), schedule: hmacKeySchedule(key) };
    wordSchedules.set(key, s);
  }
  const out = new Uint8Array(32);
  wordsInto(hmacWords(s.schedule, messages, DIGEST), out, 0);
  DIGEST.fill(0);
  return out;
}

/** The digest's words (scratch of {@link wordsHmac}). */
const DIGEST = new Int32Array(8);

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
