/**
 * Pure verification of published decryptions, for record verifiers (EG 2.0 Verifications 9–14;
 * spec/key-ceremony.md §11). Never throws on well-typed data: returns the findings, numbered as in
 * EG 2.0 ("9.B", "13.A"), empty when every check holds.
 *
 * Inputs are decoded values (elements already checked for group membership by `G.decode`).
 * @module
 */
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { HashedCiphertext } from '../elgamal/hashed-elgamal.js';
import { type Finding, finding } from '../findings.js';
import { type Group, divForHash } from '../group/group.js';
import type { Batch } from '../proofs/batch.js';
import { type ChaumPedersenProof, verifyChaumPedersen } from '../proofs/chaum-pedersen.js';
import { inZq } from '../proofs/challenge.js';
import { type DecryptionContext, decryptionChallenge } from './decryption-target.js';

/** A published selection decryption: T = B·M^-1 (egk's `b_over_m`), its proof, and the value t. */
export interface SelectionDecryption<E> {
  readonly T: E;
  readonly proof: ChaumPedersenProof<E>;
  /** the decrypted value t (tally count or ballot selection); 10.A/13.A skipped when absent */
  readonly t?: bigint | number;
}

/** Which numbers to report: tallies (9, 10, 11) or challenged ballots (12, 13, 14). */
export type DecryptionNumbering = 'tally' | 'ballot';

/** Options of the verify functions. */
export interface VerifyDecryptionOptions<E> {
  /** default 'tally' */
  readonly numbering?: DecryptionNumbering;
  /** commitment-form proof equations go to this batch (the caller checks it) */
  readonly batch?: Batch<E>;
  /** K^e from a fixed-base table (`publicKey(G, K).pow`), for 10.A; `G.exp(K, e)` otherwise */
  readonly Kpow?: (e: bigint) => E;
  /** where the findings are, e.g. `tally.json contests[0].selections[2]` (default empty) */
  readonly where?: string;
}

/**
 * Verification 9 and 10.A (tallies) or 12 and 13.A (challenged ballots) for one selection:
 * M = B·T^-1 (9.1); v ∈ Z_q (9.A); c = H(H_E; 0x30, K, A, B, a, b, M) with a = g^v·K^c,
 * b = A^v·M^c (9.2, 9.3, 9.B); T = K^t (10.A).
 * @param ct - the encrypted selection (A, B) = (α, β)
 * @param d - the published T, proof and t
 */
export function verifySelectionDecryption<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  ct: Ciphertext<E>,
  d: SelectionDecryption<E>,
  opts: VerifyDecryptionOptions<E> = {},
): readonly Finding[] {
  const [proofNo, valueNo] = opts.numbering === 'ballot' ? ['12', '13'] : ['9', '10'];
  const where = opts.where ?? '';
  const failed: Finding[] = [];
  const M = divForHash(G, ct.beta, d.T); // 9.1 (hashed, then a base of the proof's equation)
  if (!inZq(d.proof.v, G.q)) failed.push(finding(`${proofNo}.A`, where, 'response not in Z_q'));
  else {
    const target = { kind: 'selection', ct } as const;
    const ok = verifyChaumPedersen(
      G,
      { g1: G.g, X1: ctx.K, g2: ct.alpha, X2: M },
      d.proof,
      decryptionChallenge(G, ctx, target, M),
      opts.batch,
    );
    if (!ok) failed.push(finding(`${proofNo}.B`, where, 'decryption proof does not verify'));
  }
  if (d.t !== undefined) {
    const t = BigInt(d.t);
    const Kt = t < 0n ? undefined : opts.Kpow ? opts.Kpow(t) : G.exp(ctx.K, t);
    if (!Kt || !G.equals(Kt, d.T)) failed.push(finding(`${valueNo}.A`, where, `T is not K^t for t = ${t}`));
  }
  return failed;
}

/** A published contest-data decryption: β = C0^s and its proof. */
export interface ContestDataDecryption<E> {
  readonly beta: E;
  readonly proof: ChaumPedersenProof<E>;
}

/**
 * Verification 11 (tallies) or 14 (challenged ballots): v ∈ Z_q (11.A) and
 * c = H(H_E; 0x31, K, C0, C1, C2, a, b, β) with a = g^v·K^c, b = C0^v·β^c (11.1, 11.2, 11.B).
 * The plaintext itself is then `hashedDecrypt(G, hE, K, ct, β, contestDataContext(ind_c))`.
 */
export function verifyContestDataDecryption<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  ct: HashedCiphertext<E>,
  d: ContestDataDecryption<E>,
  opts: VerifyDecryptionOptions<E> = {},
): readonly Finding[] {
  const no = opts.numbering === 'ballot' ? '14' : '11';
  const where = opts.where ?? '';
  if (!inZq(d.proof.v, G.q)) return [finding(`${no}.A`, where, 'response not in Z_q')];
  const target = { kind: 'contest-data', ct } as const;
  const ok = verifyChaumPedersen(
    G,
    { g1: G.g, X1: ctx.K, g2: ct.c0, X2: d.beta },
    d.proof,
    decryptionChallenge(G, ctx, target, d.beta),
    opts.batch,
  );
  return ok ? [] : [finding(`${no}.B`, where, 'contest data decryption proof does not verify')];
}
