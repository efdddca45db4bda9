/**
 * HMAC-SHA-256 (FIPS 198-1) through @noble/hashes.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** HMAC-SHA-256(key, ...messages) over the concatenation of `messages`. */
export function hmacSha256(key: Uint8Array, ...messages: Uint8Array[]): Uint8Array {
  const h = hmac.create(sha256, key);
  for (const m of messages) h.update(m);
  return h.digest();
}
