/**
 * The hash chain that binds every later hash to the parameters and the election
 * (EG 2.0 §3.1.2, §3.1.4, §3.1.5, §3.2.3; spec/crypto.md §3).
 * @module
 */
import type { Group } from '../group/group.js';
import { domain, H, int4, lengthPrefixed, versionKey } from '../hash/hash.js';

/** H_P = H(ver; 0x00, p, q, g) — EG 2.0 eq 4. */
export function parameterBaseHash<E>(G: Group<E>): Uint8Array {
  return H(versionKey(G.version), domain(0x00), G.parameterBytes);
}

/** H_M = H(H_P; 0x01, manifest) — EG 2.0 eq 6, the manifest hashed as a file. */
export function manifestHash(hP: Uint8Array, manifest: Uint8Array): Uint8Array {
  return H(hP, domain(0x01), lengthPrefixed(manifest));
}

/** H_B = H(H_P; 0x02, H_M, n, k) — EG 2.0 eq 7. */
export function baseHash(hP: Uint8Array, hM: Uint8Array, n: number, k: number): Uint8Array {
  return H(hP, domain(0x02), hM, int4(n), int4(k));
}

/** H_E = H(H_B; 0x12, K) — EG 2.0 eq 23. */
export function extendedBaseHash<E>(G: Group<E>, hB: Uint8Array, K: E): Uint8Array {
  return H(hB, domain(0x12), G.encode(K));
}
