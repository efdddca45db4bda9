/**
 * A whole key ceremony in one process (spec/key-ceremony.md §1): n guardians make polynomials,
 * commit and prove, exchange encrypted shares, verify them, and the joint key and H_E follow.
 * For tests, benchmarks and demos; real guardians use the trustee CLI on their own machines.
 * @module
 */
import { extendedBaseHash } from '../election/base-hashes.js';
import { formatFinding } from '../findings.js';
import type { Group } from '../group/group.js';
import {
  verifyGuardianCommitments,
  commitCoefficients,
  type GuardianCommitments,
} from './coefficient-proofs.js';
import { jointPublicKey } from './joint-key.js';
import { evaluatePolynomial, randomPolynomial } from './polynomial.js';
import { decryptShare, encryptShare } from './share-encryption.js';
import { keyShare, verifyShare } from './share-verification.js';
import { generateGuardianSigningKey, proveSigningKey } from './guardian-signature.js';
import type { SchnorrProof } from '../proofs/schnorr.js';

/** Everything a local ceremony produced; `secrets` would never leave the guardians. */
export interface LocalCeremony<E> {
  readonly K: E;
  readonly hE: Uint8Array;
  readonly guardians: readonly GuardianCommitments<E>[];
  /** per guardian coordinate i (1..n): its polynomial and its key share P(i) */
  readonly secrets: readonly {
    i: number;
    coefficients: readonly bigint[];
    Pi: bigint;
    signingSecret: Uint8Array;
  }[];
  /** per guardian: its Ed25519 signing key and the proof binding it to K_i (spec/key-ceremony.md §13) */
  readonly signingKeys: readonly { i: number; publicKey: Uint8Array; proof: SchnorrProof<E> }[];
}

/**
 * Runs the ceremony for coordinates 1..n with quorum k.
 * @param hP - H_P; @param hB - H_B
 * @throws {Error} if any check fails (it cannot with honest local guardians)
 */
export function runLocalCeremony<E>(
  G: Group<E>,
  hP: Uint8Array,
  hB: Uint8Array,
  n: number,
  k: number,
): LocalCeremony<E> {
  const polys = Array.from({ length: n }, () => randomPolynomial(G.q, k));
  const guardians = polys.map((c, idx) => commitCoefficients(G, hP, idx + 1, c));
  for (const gc of guardians) {
    if (verifyGuardianCommitments(G, hP, gc, k).length) throw new Error(`guardian ${gc.i}: bad commitments`);
  }
  const secrets = polys.map((coefficients, idx) => {
    const l = idx + 1;
    const Kl = guardians[idx]!.commitments[0]!;
    const ys: bigint[] = [evaluatePolynomial(G.q, coefficients, l)];
    for (let s = 0; s < n; s++) {
      if (s === idx) continue;
      const i = s + 1;
      const ct = encryptShare(G, hP, i, l, Kl, evaluatePolynomial(G.q, polys[s]!, l));
      const y = decryptShare(G, hP, i, l, coefficients[0]!, Kl, ct);
      if (y === undefined || !verifyShare(G, guardians[s]!.commitments, l, y))
        throw new Error(`share ${i}→${l} bad`);
      ys.push(y);
    }
    return { i: l, coefficients, Pi: keyShare(G.q, ys), ...generateGuardianSigningKey() };
  });
  const signingKeys = secrets.map((s) => ({
    i: s.i,
    publicKey: s.publicKey,
    proof: proveSigningKey(G, hP, s.i, s.coefficients[0]!, s.publicKey),
  }));
  const jk = jointPublicKey(
    G,
    guardians.map((g) => g.commitments[0]!),
  );
  if (!jk.ok) throw new Error(jk.findings.map(formatFinding).join('; '));
  return {
    K: jk.K,
    hE: extendedBaseHash(G, hB, jk.K),
    guardians,
    secrets: secrets.map(({ i, coefficients, Pi, secretKey }) => ({
      i,
      coefficients,
      Pi,
      signingSecret: secretKey,
    })),
    signingKeys,
  };
}
