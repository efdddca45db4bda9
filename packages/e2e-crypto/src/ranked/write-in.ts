/**
 * Write-in names as group elements that survive re-encryption (spec/ranked-choice.md §2.4).
 *
 * A write-in name is normalized (NFC, trimmed, inner white space collapsed to one space), encoded
 * in UTF-8, padded with 0x00 to a fixed length, split into chunks, and each chunk is mapped
 * injectively to a group element P. The element is encrypted as (g^ξ, K^ξ·P): a re-encryption
 * multiplies by (g^r, K^r), the mix moves it like any other column, and a verifiable decryption
 * returns P, from which anyone reads the chunk back.
 *
 * The chunk map (W1, W2 of the spec):
 * - ristretto255, 30 bytes per element, "try and increment": for t = 0, 1, … the candidate
 *   encoding is e = (2·(t mod 128)) ∥ d_0 … d_29 ∥ ⌊t/128⌋ (32 bytes; byte 0 even and byte 31
 *   < 128 keep it non-negative and below 2^255); the first e that decodes (RFC 9496 §4.3.1) is the
 *   element. About one candidate in four decodes, so a chunk almost never needs more than a few
 *   tries (and never more than 2^14). Reading is P ↦ bytes 1..30 of its encoding, injective because
 *   the encoding is a bijection.
 * - eg-4096 (no injective encoding of 30 bytes into the order-q subgroup is known to be efficient),
 *   2 bytes per element: P = K^σ with σ the big-endian chunk value (0..65535), read back by
 *   baby-step giant-step. The encryption is then ordinary exponential ElGamal.
 * Reading never fails at the chunk level (an element that is not K^σ for σ < 2^16 reads as invalid
 * in eg-4096); a name that is not valid UTF-8 after the padding is stripped is invalid (rule I4).
 * @module
 */
import { discreteLog } from '../elgamal/discrete-log.js';
import type { Group } from '../group/group.js';
import { isInvalidData } from '../errors.js';

/** Maps fixed-size chunks of bytes to group elements and back. */
export interface WriteInCodec<E> {
  /** bytes carried by one element */
  readonly chunkBytes: number;
  /** the element of a chunk of exactly `chunkBytes` bytes */
  chunkToElement(chunk: Uint8Array): E;
  /** the chunk of an element, or undefined when the element carries no chunk (eg-4096) */
  elementToChunk(P: E): Uint8Array | undefined;
}

const RISTRETTO_CHUNK = 30;
const EG_CHUNK = 2;

/**
 * The chunk codec of the group (W1 ristretto255, W2 eg-4096).
 * @param K - the election public key (eg-4096 encodes σ as K^σ)
 */
export function writeInCodec<E>(G: Group<E>, K: E): WriteInCodec<E> {
  if (G.name === 'ristretto255') {
    return {
      chunkBytes: RISTRETTO_CHUNK,
      chunkToElement(chunk) {
        if (chunk.length !== RISTRETTO_CHUNK) throw new RangeError('chunk: expected 30 bytes');
        const e = new Uint8Array(32);
        e.set(chunk, 1);
        for (let t = 0; t < 1 << 14; t++) {
          e[0] = 2 * (t & 127);
          e[31] = t >> 7;
          try {
            return G.decode(e, 'write-in');
          } catch (err) {
            if (!isInvalidData(err)) throw err;
          }
        }
        throw new RangeError('chunk: no encoding found'); // probability about (3/4)^16384
      },
      elementToChunk: (P) => G.encode(P).slice(1, 1 + RISTRETTO_CHUNK),
    };
  }
  const log = (): ((y: E) => number | undefined) => discreteLog(G, K, 0xffff);
  return {
    chunkBytes: EG_CHUNK,
    chunkToElement(chunk) {
      if (chunk.length !== EG_CHUNK) throw new RangeError('chunk: expected 2 bytes');
      return G.exp(K, BigInt((chunk[0]! << 8) | chunk[1]!));
    },
    elementToChunk(P) {
      const s = log()(P);
      return s === undefined ? undefined : Uint8Array.of(s >> 8, s & 0xff);
    },
  };
}

/** Normal form of a write-in name: NFC, trimmed, runs of white space as one space (rule W3). */
export function normalizeWriteIn(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** Elements per write-in slot: ⌈bytes / chunkBytes⌉. */
export function writeInElements<E>(codec: WriteInCodec<E>, bytes: number): number {
  return Math.ceil(bytes / codec.chunkBytes);
}

/**
 * The elements of a write-in name (W3): normalized UTF-8, 0x00-padded to `bytes`, chunked.
 * The empty name encodes as all zeros (a blank slot).
 * @param bytes - the contest's write-in length in bytes
 * @throws {RangeError} when the name is too long or contains U+0000
 */
export function encodeWriteIn<E>(codec: WriteInCodec<E>, name: string, bytes: number): E[] {
  const n = normalizeWriteIn(name);
  if (n.includes('\u0000')) throw new RangeError('name: must not contain U+0000');
  const utf8 = new TextEncoder().encode(n);
  const L = writeInElements(codec, bytes);
  if (utf8.length > bytes) throw new RangeError(`name: longer than ${bytes} bytes of UTF-8`);
  const padded = new Uint8Array(L * codec.chunkBytes);
  padded.set(utf8);
  const out: E[] = [];
  for (let j = 0; j < L; j++)
    out.push(codec.chunkToElement(padded.subarray(j * codec.chunkBytes, (j + 1) * codec.chunkBytes)));
  return out;
}

/**
 * Reads a write-in name from its decrypted elements (rule I4): trailing 0x00 stripped, the rest
 * must be UTF-8 without U+0000; the name is then normalized.
 * @returns the name ('' for a blank slot), or null when the elements carry no valid name
 */
export function decodeWriteIn<E>(codec: WriteInCodec<E>, elements: readonly E[]): string | null {
  const chunks: Uint8Array[] = [];
  for (const P of elements) {
    const c = codec.elementToChunk(P);
    if (!c) return null;
    chunks.push(c);
  }
  const all = new Uint8Array(chunks.length * codec.chunkBytes);
  chunks.forEach((c, j) => all.set(c, j * codec.chunkBytes));
  let end = all.length;
  while (end > 0 && all[end - 1] === 0) end--;
  const body = all.subarray(0, end);
  if (body.includes(0)) return null;
  try {
    return normalizeWriteIn(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body));
  } catch {
    return null;
  }
}
