/**
 * HMAC-SHA-256 (FIPS 198-1) through @noble/hashes.
 *
 * The key schedule (the inner and outer padded-key blocks, two SHA-256 compressions) is kept per
 * key object and cloned for each message: H is keyed with the same H_E (or H_P, ver) thousands of
 * times per ballot batch, and most of its inputs are a few blocks long. A cached schedule is used
 * only while its key's bytes are unchanged.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from '../bytes.js';

type Keyed = ReturnType<typeof hmac.create>;
const schedules = new WeakMap<Uint8Array, { readonly key: Uint8Array; readonly base: Keyed }>();

/** HMAC-SHA-256(key, ...messages) over the concatenation of `messages`. */
export function hmacSha256(key: Uint8Array, ...messages: Uint8Array[]): Uint8Array {
  let s = schedules.get(key);
  if (!s || !bytesEqual(s.key, key)) {
    s = { key: key.slice(), base: hmac.create(sha256, key) };
    schedules.set(key, s);
  }
  const h = s.base.clone();
  for (const m of messages) h.update(m);
  return h.digest();
}
