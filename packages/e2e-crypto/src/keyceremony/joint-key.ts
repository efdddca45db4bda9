/**
 * The joint election public key K = ∏ K_i (EG 2.0 eq 8, Verification 3; spec/key-ceremony.md §6).
 * The extended base hash H_E = H(H_B; 0x12, K) is `extendedBaseHash` in election/base-hashes.
 * @module
 */
import { type Finding, finding } from '../findings.js';
import type { Group } from '../group/group.js';

/** The joint key, or the failed checks of Verification 3. */
export type JointKeyResult<E> = { ok: true; K: E } | { ok: false; findings: readonly Finding[] };

/**
 * K = ∏_i K_i with checks 3.A (K_i ≠ 1) and 3.B (K ≠ 1); membership (3.A) is the decoder's job.
 * @param guardianKeys - K_1 … K_n (each guardian's K_{i,0})
 */
export function jointPublicKey<E>(G: Group<E>, guardianKeys: readonly E[]): JointKeyResult<E> {
  const failed: Finding[] = [];
  if (guardianKeys.length === 0)
    return { ok: false, findings: [finding('3.B', 'guardianKeys', 'no guardian keys')] };
  let K = G.one;
  guardianKeys.forEach((Ki, idx) => {
    if (G.equals(Ki, G.one))
      failed.push(finding('3.A', `guardianKeys[${idx}]`, `guardian #${idx + 1}: K_i is the identity`));
    K = G.mul(K, Ki);
  });
  if (G.equals(K, G.one)) failed.push(finding('3.B', 'K', 'K is the identity'));
  return failed.length ? { ok: false, findings: failed } : { ok: true, K };
}
