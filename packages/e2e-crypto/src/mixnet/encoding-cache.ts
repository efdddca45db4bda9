/**
 * Encodings of group elements remembered per element object (spec/mixnet.md §1.2).
 *
 * A ristretto255 encoding costs an inverse square root, as much as a fixed-base exponentiation.
 * The shuffle hashes every input, output and commitment, so the prover would encode what it then
 * publishes twice, and a verifier would re-encode what it has just decoded. Elements that are
 * objects (ristretto255 points) keep their encoding here, in a WeakMap; bigint elements (eg-4096)
 * are encoded each time. The cache holds only public values.
 * @module
 */
import type { Group } from '../group/group.js';

const encodings = new WeakMap<object, Uint8Array>();

/** G.encode(x), from the cache when x was encoded or decoded before. */
export function encodeElement<E>(G: Group<E>, x: E): Uint8Array {
  if (typeof x !== 'object' || x === null) return G.encode(x);
  const hit = encodings.get(x);
  if (hit) return hit;
  const b = G.encode(x);
  encodings.set(x, b);
  return b;
}

/** G.decode(bytes, field), remembering `bytes` as the element's encoding. */
export function decodeElement<E>(G: Group<E>, bytes: Uint8Array, field: string): E {
  const x = G.decode(bytes, field);
  if (typeof x === 'object' && x !== null) encodings.set(x, bytes.slice());
  return x;
}

/**
 * Records `bytes` as the encoding of `x`, computed elsewhere (by a worker thread of the parallel
 * prover that built x): the caller vouches that bytes = G.encode(x).
 */
export function rememberEncoding<E>(x: E, bytes: Uint8Array): void {
  if (typeof x === 'object' && x !== null) encodings.set(x, bytes);
}
