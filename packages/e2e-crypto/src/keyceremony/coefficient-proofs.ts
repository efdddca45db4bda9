/**
 * Coefficient commitments K_{i,j} = g^{a_{i,j}} and their Schnorr proofs of knowledge
 * (EG 2.0 §3.2.2 eq 10–12, Verification 2; spec/key-ceremony.md §3).
 * @module
 */
import { type Finding, finding } from '../findings.js';
import type { Group } from '../group/group.js';
import { domain, H, int4 } from '../hash/hash.js';
import { type SchnorrProof, proveSchnorr, verifySchnorr } from '../proofs/schnorr.js';
import type { Batch } from '../proofs/batch.js';

/** What a guardian publishes in the key ceremony: its coordinate, commitments and proofs. */
export interface GuardianCommitments<E> {
  /** the guardian's coordinate i (1 ≤ i ≤ n) */
  readonly i: number;
  /** K_{i,0} … K_{i,k−1}; K_{i,0} = K_i is the guardian's public key */
  readonly commitments: readonly E[];
  /** one Schnorr proof per commitment */
  readonly proofs: readonly SchnorrProof<E>[];
}

/** The challenge hash c_{i,j} = H(H_P; 0x10, i, j, K_{i,j}, h_{i,j}) as a function of h (eq 12). */
export function coefficientChallenge<E>(G: Group<E>, hP: Uint8Array, i: number, j: number, Kij: E) {
  return (h: E): Uint8Array => H(hP, domain(0x10), int4(i), int4(j), G.encode(Kij), G.encode(h));
}

/**
 * Commits to the coefficients and proves knowledge of each (eq 10–12).
 * @param hP - the parameter base hash H_P
 * @param i - the guardian's coordinate
 * @param coefficients - a_{i,0} … a_{i,k−1}
 * @param nonces - u_{i,j}, only for known-answer tests; from the CSPRNG otherwise
 */
export function commitCoefficients<E>(
  G: Group<E>,
  hP: Uint8Array,
  i: number,
  coefficients: readonly bigint[],
  nonces?: readonly bigint[],
): GuardianCommitments<E> {
  const commitments = coefficients.map((a) => G.gExp(a));
  const proofs = coefficients.map((a, j) =>
    proveSchnorr(G, a, coefficientChallenge(G, hP, i, j, commitments[j]!), nonces?.[j]),
  );
  return { i, commitments, proofs };
}

/**
 * Verification 2 for one guardian: k commitments, none the identity, each with a valid
 * Schnorr proof (2.A membership is the decoder's job; 2.B, 2.C here).
 * @param k - the quorum
 * @param batch - commitment-form proofs may be deferred to this batch
 * @returns the findings (`2.A` at `commitments[j]`, `2.C` at `proofs[j]`, `2` for a wrong count);
 *   empty when all hold
 */
export function verifyGuardianCommitments<E>(
  G: Group<E>,
  hP: Uint8Array,
  gc: GuardianCommitments<E>,
  k: number,
  batch?: Batch<E>,
): readonly Finding[] {
  if (gc.commitments.length !== k || gc.proofs.length !== k)
    return [finding('2', 'commitments', `expected ${k} commitments and proofs`)];
  const failed: Finding[] = [];
  gc.commitments.forEach((Kij, j) => {
    if (G.equals(Kij, G.one)) failed.push(finding('2.A', `commitments[${j}]`, 'commitment is the identity'));
    else if (!verifySchnorr(G, Kij, gc.proofs[j]!, coefficientChallenge(G, hP, gc.i, j, Kij), batch)) {
      failed.push(finding('2.C', `proofs[${j}]`, 'Schnorr proof does not verify'));
    }
  });
  return failed;
}
