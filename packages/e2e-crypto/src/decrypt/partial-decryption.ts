/**
 * One guardian's part of a quorum decryption (EG 2.0 §3.6.1, §3.6.3, §3.6.4;
 * spec/key-ceremony.md §9–10).
 *
 * Round 1: the partial decryptions M_i = A^{P(i)} (eq 66, 77), the guardian's commitments
 * (a_i, b_i) = (g^{u_i}, A^{u_i}) to the joint proofs (eq 69, 79), and — an Evident extension —
 * one Chaum–Pedersen proof, batched over all targets by random weights, that every M_i uses
 * P(i), so that the combiner can name and leave out a guardian with a bad partial decryption
 * before it fixes the quorum U.
 * Round 2: the response v_i = u_i − c_i·P(i) to the challenge c_i = c·w_i (eq 72–73, 82).
 * @module
 */
import { bytesToBigint } from '../bytes.js';
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { domain, H, hashOfList, int4 } from '../hash/hash.js';
import type { Batch } from '../proofs/batch.js';
import {
  type ChaumPedersenProof,
  proveChaumPedersen,
  verifyChaumPedersen,
} from '../proofs/chaum-pedersen.js';
import {
  type DecryptionContext,
  type DecryptionTarget,
  targetHashInputs,
  targetPad,
} from './decryption-target.js';

/** Round-1 output of guardian i for one target. */
export interface PartialDecryption<E> {
  /** M_i = A^{P(i)} (or m_i = C0^{P(i)}) */
  readonly M: E;
  /** a_i = g^{u_i} */
  readonly a: E;
  /** b_i = A^{u_i} */
  readonly b: E;
}

/** Round-1 output of guardian i for all targets, with one proof covering every M_i. */
export interface PartialDecryptionSet<E> {
  readonly items: readonly PartialDecryption<E>[];
  /** the batched individual proof (domain 0x3E, Evident extension) */
  readonly proof: ChaumPedersenProof<E>;
}

/** Domain byte of the individual partial-decryption proof (Evident extension, spec/key-ceremony.md §10). */
export const PARTIAL_PROOF_DOMAIN = 0x3e;

/**
 * The statement digest d = H(H_E; 0x3E, i, K, g^{P(i)}, n, (d_x, ciphertext_x, M_x) for every x)
 * and the 128-bit weights z_x = H(d; b(x, 4)) mod 2^128 of the batched statement.
 */
function batchWeights<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  i: number,
  Ki: E,
  targets: readonly DecryptionTarget<E>[],
  Ms: readonly E[],
) {
  // one array of every input, never spread into arguments (targets may be millions)
  const parts: Uint8Array[] = [
    domain(PARTIAL_PROOF_DOMAIN),
    int4(i),
    G.encode(ctx.K),
    G.encode(Ki),
    int4(targets.length),
  ];
  targets.forEach((t, x) => {
    const { dom, parts: p } = targetHashInputs(G, t);
    parts.push(domain(dom));
    for (const b of p) parts.push(b);
    parts.push(G.encode(Ms[x]!));
  });
  const d = hashOfList(ctx.hE, parts);
  const z = targets.map((_, x) => bytesToBigint(H(d, int4(x)).subarray(0, 16)));
  return { d, z };
}

/**
 * The batched statement: log_g g^{P(i)} = log_{A*} M* with A* = ∏ A_x^{z_x}, M* = ∏ M_x^{z_x}.
 * If any M_x ≠ A_x^{P(i)}, M* ≠ A*^{P(i)} except with probability about 2^-128.
 */
function batchStatement<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  i: number,
  Ki: E,
  targets: readonly DecryptionTarget<E>[],
  Ms: readonly E[],
) {
  const { d, z } = batchWeights(G, ctx, i, Ki, targets, Ms);
  const Astar = G.multiExp(targets.map(targetPad), z);
  const Mstar = G.multiExp(Ms, z);
  const challenge = (a: E, b: E): Uint8Array =>
    H(ctx.hE, domain(PARTIAL_PROOF_DOMAIN), d, G.encode(Astar), G.encode(Mstar), G.encode(a), G.encode(b));
  return { st: { g1: G.g, X1: Ki, g2: Astar, X2: Mstar }, challenge };
}

/**
 * Round 1 for all targets.
 * @param i - the guardian's coordinate
 * @param Pi - its key share P(i) (secret)
 * @param us - the joint-proof nonces u_i, one per target (secret; the caller keeps them for
 *   round 2 and must use each for one challenge only)
 * @param proofNonce - the individual proof's nonce; from the CSPRNG unless given
 */
export function partialDecrypt<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  i: number,
  Pi: bigint,
  targets: readonly DecryptionTarget<E>[],
  us: readonly bigint[],
  proofNonce?: bigint,
): PartialDecryptionSet<E> {
  if (us.length !== targets.length) throw new RangeError('partialDecrypt: one nonce per target');
  const items = targets.map((t, x) => {
    const A = targetPad(t);
    return { M: G.exp(A, Pi), a: G.gExp(us[x]!), b: G.exp(A, us[x]!) };
  });
  const Ki = G.gExp(Pi);
  const { st, challenge } = batchStatement(
    G,
    ctx,
    i,
    Ki,
    targets,
    items.map((p) => p.M),
  );
  return { items, proof: proveChaumPedersen(G, st, Pi, challenge, proofNonce) };
}

/**
 * Checks guardian i's batched proof over all its M_x.
 * @param keyShareCommitment - g^{P(i)} computed from all guardians' commitments (`keyShareCommitment`)
 */
export function verifyPartialDecryptions<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  i: number,
  keyShareCommitment: E,
  targets: readonly DecryptionTarget<E>[],
  set: PartialDecryptionSet<E>,
  batch?: Batch<E>,
): boolean {
  if (set.items.length !== targets.length) return false;
  const { st, challenge } = batchStatement(
    G,
    ctx,
    i,
    keyShareCommitment,
    targets,
    set.items.map((p) => p.M),
  );
  return verifyChaumPedersen(G, st, set.proof, challenge, batch);
}

/** Round 2: v_i = (u_i − c_i·P(i)) mod q (eq 73, 82). */
export function respondToChallenge(q: bigint, u: bigint, ci: bigint, Pi: bigint): bigint {
  return mod(u - ci * Pi, q);
}
