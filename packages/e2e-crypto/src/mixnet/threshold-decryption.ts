/**
 * Threshold decryption of mixed rows (spec/mixnet.md §6.2): the {@link RowDecryptor} and
 * {@link RowDecryptionVerifier} of the mixnet on top of the guardians' quorum decryption of
 * EG 2.0 §3.6 (src/decrypt/).
 *
 * Every ciphertext of every output row of the last mix is a decryption target (A, B) = (α, β).
 * Any k of the n guardians decrypt; missing guardians are compensated by Lagrange coefficients
 * (EG 2.0 eq 67); a guardian whose partial decryptions fail their proof (or whose response fails)
 * is named and left out while a quorum remains. The published value of each ciphertext is
 * M = β·(α^s)^-1 (= K^σ for a rank position, the encoded element for a write-in chunk, EG's T) with
 * the joint Chaum–Pedersen proof of EG 2.0 eq 71–76; it is checked exactly as EG Verification 9
 * (challenge H(H_E; 0x30, K, A, B, a, b, α^s)), reported as D1 (shape) and D2 (proof).
 * @module
 */
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { createBatch } from '../proofs/batch.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import type { DecryptionContext, DecryptionTarget } from '../decrypt/decryption-target.js';
import { type DecryptingGuardian, decryptWithQuorum } from '../decrypt/local-decryption.js';
import type { PartialDecryptionSet } from '../decrypt/partial-decryption.js';
import type { Exclusion, QuorumSetup } from '../decrypt/quorum-decryption.js';
import { type VerifyDecryptionOptions, verifySelectionDecryption } from '../decrypt/verify-decryption.js';
import type { RowDecryption, RowDecryptionVerifier, RowDecryptor } from './decryption.js';
import type { CiphertextRow } from './shuffle.js';
import type { Finding } from '../findings.js';

/** Outcome of {@link decryptRowsWithQuorum}. */
export type RowQuorumDecryption<E> =
  | {
      readonly ok: true;
      /** the guardians whose shares were combined */
      readonly U: readonly number[];
      /** guardians left out, with the reason (bad partial decryption or response) */
      readonly excluded: readonly Exclusion[];
      /** per row, per column: M = β/α^s and the joint proof */
      readonly decryptions: RowDecryption<E, ChaumPedersenProof<E>>[][];
    }
  | { readonly ok: false; readonly excluded: readonly Exclusion[]; readonly reason: string };

/** The rows flattened row-major into selection targets (A, B) = (α, β). */
function rowTargets<E>(rows: readonly CiphertextRow<E>[]): DecryptionTarget<E>[] {
  const out: DecryptionTarget<E>[] = [];
  for (const row of rows) for (const ct of row) out.push({ kind: 'selection', ct });
  return out;
}

/**
 * Decrypts every ciphertext of `rows` with the available guardians, in one process (tests, demos;
 * in an election each guardian runs its rounds with `evident-trustee decrypt` and the combiner
 * uses `combineRound1/2` on the same targets).
 * @param setup - K, H_E, the quorum k and every guardian's g^{P(i)}
 * @param guardians - the available guardians (coordinates and key shares)
 * @param tamper - test hook: may replace a guardian's round-1 output
 * @returns the decryptions with the quorum used and the guardians left out, or why no quorum
 *   remained
 */
export function decryptRowsWithQuorum<E>(
  G: Group<E>,
  setup: QuorumSetup<E>,
  rows: readonly CiphertextRow<E>[],
  guardians: readonly DecryptingGuardian[],
  tamper?: (i: number, pds: PartialDecryptionSet<E>) => PartialDecryptionSet<E>,
): RowQuorumDecryption<E> {
  const targets = rowTargets(rows);
  const r = decryptWithQuorum(G, setup, targets, guardians, tamper);
  if (!r.ok) return r;
  let x = 0;
  const decryptions = rows.map((row) =>
    row.map((ct) => {
      const d = r.decryptions[x++]!;
      return { M: G.div(ct.beta, d.M), proof: d.proof };
    }),
  );
  return { ok: true, U: r.U, excluded: r.excluded, decryptions };
}

/** A {@link RowDecryptor} that also tells which guardians took part and which were left out. */
export interface ThresholdRowDecryptor<E> extends RowDecryptor<E, ChaumPedersenProof<E>> {
  /** the quorum and exclusions of the latest `decryptRows` call */
  readonly last: () => { U: readonly number[]; excluded: readonly Exclusion[] } | undefined;
}

/**
 * The mixnet's decryptor backed by a quorum of guardians (spec/mixnet.md §6.2).
 * @throws {Error} from `decryptRows` when fewer than k guardians remain valid (the message names
 *   the guardians left out)
 */
export function thresholdRowDecryptor<E>(
  G: Group<E>,
  setup: QuorumSetup<E>,
  guardians: readonly DecryptingGuardian[],
  tamper?: (i: number, pds: PartialDecryptionSet<E>) => PartialDecryptionSet<E>,
): ThresholdRowDecryptor<E> {
  let last: { U: readonly number[]; excluded: readonly Exclusion[] } | undefined;
  return {
    last: () => last,
    decryptRows(rows) {
      const r = decryptRowsWithQuorum(G, setup, rows, guardians, tamper);
      last = { U: r.ok ? r.U : [], excluded: r.excluded };
      if (!r.ok) {
        const names = r.excluded.map((e) => `guardian ${e.i}: ${e.reason}`).join('; ');
        throw new Error(`threshold decryption failed: ${r.reason}${names ? ` (${names})` : ''}`);
      }
      return r.decryptions;
    },
  };
}

/**
 * Verifier of threshold decryptions of rows (spec/mixnet.md §6.2): D1 one decryption per
 * ciphertext; D2 each joint proof (EG 2.0 Verification 9.A/9.B with T = M). In commitment form the
 * proof equations are batched, then re-checked one by one to name the bad ones
 * (`decryptions[i][k]`). Never throws on decoded data.
 * @param ctx - the joint key K and H_E
 */
export function thresholdRowDecryptionVerifier<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
): RowDecryptionVerifier<E, ChaumPedersenProof<E>> {
  // one options object per batch, not per ciphertext
  const alone: VerifyDecryptionOptions<E> = {};
  const check = (
    ct: Ciphertext<E>,
    d: RowDecryption<E, ChaumPedersenProof<E>>,
    opts: VerifyDecryptionOptions<E>,
  ) => {
    try {
      return verifySelectionDecryption(G, ctx, ct, { T: d.M, proof: d.proof }, opts).length === 0;
    } catch {
      return false; // not a decodable decryption
    }
  };
  return (rows, decs) => {
    if (!Array.isArray(decs) || decs.length !== rows.length) {
      return [{ check: 'D1', where: 'decryptions', message: `expected ${rows.length} rows` }];
    }
    const failures: Finding[] = [];
    // K is in every equation: merged to the end of the batch
    const batch = G.proofForm === 'commitment' ? createBatch(G, [ctx.K]) : undefined;
    const batched: VerifyDecryptionOptions<E> = batch ? { batch } : alone;
    const bad: boolean[][] = [];
    rows.forEach((row, i) => {
      const d = decs[i];
      if (!Array.isArray(d) || d.length !== row.length) {
        failures.push({ check: 'D1', where: `decryptions[${i}]`, message: `expected ${row.length} entries` });
        return;
      }
      const b: boolean[] = (bad[i] = []);
      for (let k = 0; k < row.length; k++) b.push(!check(row[k]!, d[k]!, batched));
    });
    // a failed batch: the equations one by one, to name the bad ones
    const again = batch !== undefined && !batch.check();
    bad.forEach((b, i) => {
      for (let k = 0; k < b.length; k++) {
        if (b[k] || (again && !check(rows[i]![k]!, decs[i]![k]!, alone)))
          failures.push({
            check: 'D2',
            where: `decryptions[${i}][${k}]`,
            message: 'decryption proof is invalid (EG 2.0 Verification 9)',
          });
      }
    });
    return failures;
  };
}
