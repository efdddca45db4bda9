/**
 * A guardian's secret-sharing polynomial P_i(x) = Σ_j a_{i,j} x^j mod q and the public
 * evaluation of g^{P_i(x)} from its coefficient commitments (EG 2.0 §3.2.2 eq 9, 13;
 * spec/key-ceremony.md §2).
 * @module
 */
import type { Group } from '../group/group.js';
import { mod, randomNonzeroScalar } from '../group/scalar.js';

/**
 * k random coefficients a_{i,0} … a_{i,k−1}, each uniform in [1, q) (EG 2.0 eq 9). The constant
 * term is the guardian's secret key s_i.
 * @param k - the quorum, the number of coefficients
 * @throws {RangeError} if k is not a positive integer
 */
export function randomPolynomial(q: bigint, k: number): bigint[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('randomPolynomial: k must be a positive integer');
  return Array.from({ length: k }, () => randomNonzeroScalar(q));
}

/**
 * P(x) mod q by Horner's rule (EG 2.0 eq 9).
 * @param coefficients - a_0 … a_{k−1}
 * @param x - the guardian coordinate (a small positive integer)
 */
export function evaluatePolynomial(q: bigint, coefficients: readonly bigint[], x: number | bigint): bigint {
  const X = BigInt(x);
  let acc = 0n;
  for (let j = coefficients.length - 1; j >= 0; j--) acc = mod(acc * X + coefficients[j]!, q);
  return acc;
}

/** The exponents x^0, x^1, …, x^{k−1} mod q (EG 2.0 Note 3.3). */
export function powersOf(q: bigint, x: number | bigint, k: number): bigint[] {
  const X = BigInt(x);
  const out: bigint[] = [];
  let p = 1n;
  for (let j = 0; j < k; j++) {
    out.push(p);
    p = mod(p * X, q);
  }
  return out;
}

/**
 * g^{P_i(x)} = ∏_j K_{i,j}^{x^j} computed from the public commitments alone (EG 2.0 eq 13, 21).
 * @param commitments - K_{i,0} … K_{i,k−1}, already checked group members
 */
export function commitmentAt<E>(G: Group<E>, commitments: readonly E[], x: number): E {
  return G.multiExp(commitments, powersOf(G.q, x, commitments.length));
}

/**
 * g^{P(x)} for the sum polynomial P = Σ_j P_j: the public key share of the guardian with
 * coordinate x, against which its partial decryptions are checked (EG 2.0 eq 74, 83).
 * @param allCommitments - every guardian's commitments K_{j,0} … K_{j,k−1}
 */
export function keyShareCommitment<E>(G: Group<E>, allCommitments: readonly (readonly E[])[], x: number): E {
  const bases: E[] = [];
  const exps: bigint[] = [];
  for (const cs of allCommitments) {
    const pw = powersOf(G.q, x, cs.length);
    cs.forEach((c, m) => {
      bases.push(c);
      exps.push(pw[m]!);
    });
  }
  return G.multiExp(bases, exps);
}
