/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (FIPS 198-1) over 32-bit words, for the short messages of
 * the Fiat–Shamir challenges (spec/crypto.md §2): a proof's message is a few blocks, and a call
 * into `node:crypto` costs more than the few compressions it saves. Portable (no `node:` module).
 *
 * A key's schedule (the states after its inner and outer padded-key blocks) is computed once by
 * {@link hmacKeySchedule} and reused for every message under that key. Every function here gives
 * the bytes that `node:crypto` gives (sha256-words.test.ts compares them on random inputs).
 *
 * Timing: no branch or memory index depends on the data (only on lengths); the words are int32
 * arithmetic. Secrets: some inputs derive from secrets (a credential's code, spec/credentials.md
 * §2). The module's scratch (message schedule, key block, inner state) is zeroed after each call,
 * so no residue of the last input stays in it; JavaScript guarantees no erasure of the copies the
 * engine makes, and a schedule kept by a caller lives as long as the caller keeps it.
 * @module
 */

/** Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** The initial state: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** The message schedule, shared by every call (single-threaded; never held across calls). */
const W = new Int32Array(64);

/** One compression of the block W[0..15] into `s` (8 words), in place. */
function compress(s: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = W[t - 15]!;
    const y = W[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = s[0]!,
    b = s[1]!,
    c = s[2]!,
    d = s[3]!,
    e = s[4]!,
    f = s[5]!,
    g = s[6]!,
    h = s[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  s[0] = (s[0]! + a) | 0;
  s[1] = (s[1]! + b) | 0;
  s[2] = (s[2]! + c) | 0;
  s[3] = (s[3]! + d) | 0;
  s[4] = (s[4]! + e) | 0;
  s[5] = (s[5]! + f) | 0;
  s[6] = (s[6]! + g) | 0;
  s[7] = (s[7]! + h) | 0;
}

/**
 * Hashes `msgs` (their concatenation) into `s`, which holds the state after `prefixBlocks` whole
 * blocks already: the message, 0x80, zeros and the bit length of the prefix and the message.
 */
function absorb(s: Int32Array, prefixBlocks: number, msgs: readonly Uint8Array[]): void {
  W.fill(0, 0, 16);
  let pos = 0; // bytes in the current block
  let total = 0;
  for (const m of msgs) {
    const n = m.length;
    let i = 0;
    while (i < n) {
      if ((pos & 3) === 0 && i + 4 <= n) {
        // a whole word (the word is still zero)
        W[pos >> 2] = (m[i]! << 24) | (m[i + 1]! << 16) | (m[i + 2]! << 8) | m[i + 3]!;
        i += 4;
        pos += 4;
      } else {
        W[pos >> 2]! |= m[i++]! << (24 - 8 * (pos & 3));
        pos++;
      }
      if (pos === 64) {
        compress(s);
        W.fill(0, 0, 16);
        pos = 0;
      }
    }
    total += n;
  }
  W[pos >> 2]! |= 0x80 << (24 - 8 * (pos & 3));
  if (pos >= 56) {
    compress(s);
    W.fill(0, 0, 16);
  }
  const bits = (prefixBlocks * 64 + total) * 8; // < 2^53: exact
  W[14] = Math.floor(bits / 2 ** 32);
  W[15] = bits | 0;
  compress(s);
}

/** SHA-256(...msgs) as 8 big-endian words. */
export function sha256Words(...msgs: Uint8Array[]): Int32Array {
  const s = IV.slice();
  absorb(s, 0, msgs);
  W.fill(0);
  return s;
}

/** A key's HMAC schedule: the states after the inner (key ⊕ ipad) and outer (key ⊕ opad) blocks. */
export interface HmacSchedule {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

/** A schedule's place, to be filled by {@link hmacKeySchedule}. */
export function emptySchedule(): HmacSchedule {
  return { inner: new Int32Array(8), outer: new Int32Array(8) };
}

/** The key's words, zero-padded to a block (scratch of {@link hmacKeySchedule}). */
const KEY = new Int32Array(16);

/** Writes into `s` the state after one padded-key block (`pad` 0x36 or 0x5c) of {@link KEY}. */
function padState(s: Int32Array, pad: number): void {
  const word = pad * 0x01010101;
  for (let i = 0; i < 16; i++) W[i] = KEY[i]! ^ word;
  s.set(IV);
  compress(s);
}

/**
 * The HMAC schedule of `key` (any length: a key longer than a block is hashed first, FIPS 198-1).
 * @param into - where to write it (a schedule used once: no allocation); by default a new one
 */
export function hmacKeySchedule(key: Uint8Array, into: HmacSchedule = emptySchedule()): HmacSchedule {
  KEY.fill(0);
  if (key.length > 64) KEY.set(sha256Words(key));
  else for (let i = 0; i < key.length; i++) KEY[i >> 2]! |= key[i]! << (24 - 8 * (i & 3));
  padState(into.inner, 0x36);
  padState(into.outer, 0x5c);
  KEY.fill(0);
  W.fill(0);
  return into;
}

/** The inner hash's state (scratch of {@link hmacWords}). */
const INNER = new Int32Array(8);

/**
 * HMAC-SHA-256 under a key's schedule, as 8 big-endian words.
 * @param out - where to write them (8 words); by default a new array
 */
export function hmacWords(
  key: HmacSchedule,
  msgs: readonly Uint8Array[],
  out: Int32Array = new Int32Array(8),
): Int32Array {
  INNER.set(key.inner);
  absorb(INNER, 1, msgs);
  out.set(key.outer);
  W.set(INNER);
  W[8] = 0x80000000 | 0;
  W.fill(0, 9, 15);
  W[15] = (64 + 32) * 8;
  compress(out);
  INNER.fill(0);
  W.fill(0);
  return out;
}

/**
 * The outer hash of HMAC-SHA-256 under a key's schedule, from the inner hash's 32-byte digest
 * (computed elsewhere: natively, hash/hmac.ts), as 8 big-endian words written into `out`.
 */
export function hmacOuterWords(key: HmacSchedule, inner: Uint8Array, out: Int32Array): Int32Array {
  out.set(key.outer);
  for (let i = 0; i < 8; i++)
    W[i] = (inner[4 * i]! << 24) | (inner[4 * i + 1]! << 16) | (inner[4 * i + 2]! << 8) | inner[4 * i + 3]!;
  W[8] = 0x80000000 | 0;
  W.fill(0, 9, 15);
  W[15] = (64 + 32) * 8;
  compress(out);
  W.fill(0);
  return out;
}

/** Eight words → their 32 big-endian bytes, written into `out` at `at`. */
export function wordsInto(words: Int32Array, out: Uint8Array, at: number): void {
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    out[at + 4 * i] = w >>> 24;
    out[at + 4 * i + 1] = (w >>> 16) & 0xff;
    out[at + 4 * i + 2] = (w >>> 8) & 0xff;
    out[at + 4 * i + 3] = w & 0xff;
  }
}
