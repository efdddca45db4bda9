/**
 * Chaum–Pedersen proof that two discrete logarithms are equal: X1 = g1^s and X2 = g2^s
 * (EG 2.0 §3.6.3 eq 65–71, Verification 9; spec/crypto.md §4.3).
 *
 * For a decryption proof g1 = g, X1 = K (or a guardian key), g2 = A, X2 = M. The caller supplies
 * the challenge hash over the whole statement and the commitments (a, b).
 * @module
 */
import type { Group } from '../group/group.js';
import { mod, randomScalar } from '../group/scalar.js';
import { type Batch, checkOrDefer } from './batch.js';
import { challengeFromHash, challengeInRange, inZq } from './challenge.js';

/** The statement: X1 = g1^s and X2 = g2^s. */
export interface DleqStatement<E> {
  readonly g1: E;
  readonly X1: E;
  readonly g2: E;
  readonly X2: E;
}

/** A Chaum–Pedersen proof: (c, v) in challenge form, (a, b, v) in commitment form. */
export interface ChaumPedersenProof<E> {
  readonly c?: bigint;
  readonly a?: E;
  readonly b?: E;
  readonly v: bigint;
}

/** Maps the commitments (a, b) to the challenge hash of the whole statement. */
export type DleqChallenge<E> = (a: E, b: E) => Uint8Array;

/**
 * Proves X1 = g1^s, X2 = g2^s: a = g1^u, b = g2^u, c = challenge(a, b), v = u − c·s mod q.
 * @param u - commitment nonce; from the CSPRNG unless given
 */
export function proveChaumPedersen<E>(
  G: Group<E>,
  st: DleqStatement<E>,
  s: bigint,
  challenge: DleqChallenge<E>,
  u: bigint = randomScalar(G.q),
): ChaumPedersenProof<E> {
  const a = G.equals(st.g1, G.g) ? G.gExp(u) : G.exp(st.g1, u);
  const b = G.exp(st.g2, u);
  const c = challengeFromHash(G, challenge(a, b));
  const v = mod(u - c * s, G.q);
  return G.proofForm === 'challenge' ? { c, v } : { a, b, v };
}

/**
 * Verifies: a = g1^v·X1^c, b = g2^v·X2^c and c = challenge(a, b) (Verification 9.1–9.B).
 * Elements of the statement must already be checked group members.
 */
export function verifyChaumPedersen<E>(
  G: Group<E>,
  st: DleqStatement<E>,
  proof: ChaumPedersenProof<E>,
  challenge: DleqChallenge<E>,
  batch?: Batch<E>,
): boolean {
  if (!inZq(proof.v, G.q)) return false;
  if (G.proofForm === 'challenge') {
    if (!challengeInRange(proof.c)) return false;
    const a = G.multiExp([st.g1, st.X1], [proof.v, proof.c]);
    const b = G.multiExp([st.g2, st.X2], [proof.v, proof.c]);
    return challengeFromHash(G, challenge(a, b)) === proof.c;
  }
  if (proof.a === undefined || proof.b === undefined) return false;
  const c = challengeFromHash(G, challenge(proof.a, proof.b));
  const ok1 = checkOrDefer(G, batch, proof.a, [st.g1, st.X1], [proof.v, c]);
  const ok2 = checkOrDefer(G, batch, proof.b, [st.g2, st.X2], [proof.v, c]);
  return ok1 && ok2;
}
