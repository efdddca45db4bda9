/**
 * Checks of one encrypted ballot: Verification 5 (selection range proofs), 6 (contest vote
 * limits), 7.A (contest hashes) and 7.B (confirmation code) of EG 2.0 §6.2.4
 * (spec/verification-eg2.md §3.5–3.7).
 *
 * The ballot's shape is checked against the manifest first (Evident checks 5.shape, 6.shape):
 * contests and options must be the manifest's, with its indices and limits, since L, R and
 * ind_c enter the proofs and hashes.
 * @module
 */
import { contestHash, inZq, sum, toHex, verifyRange, type Ciphertext } from '@evident/e2e-crypto';
import type { Context } from './context.js';
import { confirmationCodeCandidates, matchCandidate } from './egk-hashes.js';
import { checked, fail, usedForm, type FindingLog } from './findings.js';
import type { Eg2EncryptedBallot, Eg2RangeProof } from './record-types.js';

/** What the orchestrator needs from a ballot for steps 4, 7.C–7.G, 8, 12–18. */
export interface BallotSummary {
  readonly file: string;
  readonly ballotId: string;
  readonly state: string;
  readonly device: string;
  readonly isPreencrypt: boolean;
  /** Hex of H(B), B_aux and election_id as published. */
  readonly confirmationCode: string;
  readonly codeBaux: string;
  readonly electionId: string;
  readonly contestIds: readonly string[];
  /** Challenged (SPOILED) ballots: "contest/selection" → "α:β" hex, and contest → "C0:C1:C2". */
  readonly ciphertexts?: Readonly<Record<string, string>>;
  readonly contestData?: Readonly<Record<string, string>>;
}

/** "contest/selection" → product of the cast ballots' ciphertexts (for Verification 8). */
export type Aggregate = Map<string, Ciphertext<bigint>>;

/** The key of an option in aggregates and ciphertext maps. */
export const optionKey = (contestId: string, selectionId: string): string => `${contestId}/${selectionId}`;

/** "α:β" in hex, for comparing ciphertexts across files. */
export const ciphertextKey = (c: Ciphertext<bigint>): string =>
  `${c.alpha.toString(16)}:${c.beta.toString(16)}`;

/**
 * Checks a range proof's published values and equations, naming the sub-check that fails:
 * (X.B) c_j ∈ [0, q) — stricter than 2^256, see spec/verification-eg2.md §3.5; (X.C) v_j ∈ Z_q;
 * (X.D) the recomputed challenge equals Σ c_j mod q (equations X.1–X.3).
 */
function checkRange(
  ctx: Context,
  step: '5' | '6',
  ct: Ciphertext<bigint>,
  R: number,
  proof: Eg2RangeProof,
  log: FindingLog,
  where: string,
): void {
  const q = ctx.G.q;
  if (proof.c.length !== R + 1 || proof.v.length !== R + 1) {
    fail(log, `${step}.D`, where, `proof has ${proof.c.length} parts, limit ${R} needs ${R + 1}`);
    return;
  }
  const badC = proof.c.findIndex((c) => !inZq(c, q));
  if (badC >= 0) return fail(log, `${step}.B`, where, `challenge c_${badC} is not in [0, q)`);
  const badV = proof.v.findIndex((v) => !inZq(v, q));
  if (badV >= 0) return fail(log, `${step}.C`, where, `response v_${badV} is not in Z_q`);
  if (!verifyRange(ctx.G, ctx.hE, ctx.pk, ct, R, { c: proof.c, v: proof.v })) {
    fail(log, `${step}.D`, where, 'recomputed challenge differs from the sum of the c_j');
  }
}

/**
 * Runs Verifications 5, 6, 7.A, 7.B on one ballot.
 * @param aggregate - cast ballots' ciphertexts are multiplied into it
 * @returns the ballot's summary
 */
export function checkBallot(
  ctx: Context,
  b: Eg2EncryptedBallot,
  file: string,
  log: FindingLog,
  aggregate: Aggregate,
): BallotSummary {
  const { G } = ctx;
  const at = `ballot ${b.ballotId}`;
  const cast = b.state === 'CAST';
  const spoiled = b.state === 'SPOILED';
  if (!cast && !spoiled) fail(log, '5.shape', `${at} (${file})`, `unknown state "${b.state}"`);
  const ciphertexts: Record<string, string> = {};
  const contestData: Record<string, string> = {};
  const seen = new Set<string>();
  const hashes: { index: number; chi: Uint8Array }[] = [];

  for (const c of b.contests) {
    const where = `${at} contest ${c.id}`;
    const m = ctx.contests.get(c.id);
    if (seen.has(c.id)) fail(log, '5.shape', where, 'contest appears twice');
    seen.add(c.id);
    if (!m) fail(log, '5.shape', where, 'contest is not in the manifest');
    else {
      if (c.index !== m.index)
        fail(log, '5.shape', where, `sequence_order ${c.index}, manifest has ${m.index}`);
      if (c.votesAllowed !== m.votesAllowed) {
        fail(log, '6.shape', where, `votes_allowed ${c.votesAllowed}, manifest has ${m.votesAllowed}`);
      }
      const ids = c.selections.map((s) => s.id).join(',');
      if (ids !== m.options.map((o) => o.id).join(',')) {
        fail(log, '5.shape', where, 'selections differ from the manifest contest options');
      }
      for (const s of c.selections) {
        const o = m.options.find((x) => x.id === s.id);
        if (o && o.index !== s.index) {
          fail(
            log,
            '5.shape',
            `${where} selection ${s.id}`,
            `sequence_order ${s.index}, manifest has ${o.index}`,
          );
        }
      }
    }
    const R = m?.optionLimit ?? 1;
    const L = m?.votesAllowed ?? c.votesAllowed;

    // Verification 5, per selection
    let allMembers = true;
    const cts: Ciphertext<bigint>[] = [];
    for (const s of c.selections) {
      const sw = `${where} selection ${s.id}`;
      const ct = s.ciphertext;
      cts.push(ct);
      checked(log, '5');
      if (spoiled) ciphertexts[optionKey(c.id, s.id)] = ciphertextKey(ct);
      if (!ctx.member(ct.alpha) || !ctx.member(ct.beta)) {
        allMembers = false;
        fail(log, '5.A', sw, `${ctx.member(ct.alpha) ? 'β' : 'α'} is not in Z_p^r`);
        continue;
      }
      checkRange(ctx, '5', ct, R, s.proof, log, sw);
      if (cast) {
        const k = optionKey(c.id, s.id);
        const acc = aggregate.get(k);
        aggregate.set(k, acc ? { alpha: G.mul(acc.alpha, ct.alpha), beta: G.mul(acc.beta, ct.beta) } : ct);
      }
    }

    // Verification 6, per contest: the product of the selections encrypts 0..L
    checked(log, '6');
    if (!allMembers) fail(log, '6.A', where, 'a selection encryption is not in Z_p^r');
    else checkRange(ctx, '6', sum(G, cts), L, c.proof, log, where);

    // Verification 7.A: χ_l = H(H_E; 0x23, ind_c, K, α_1, β_1, …)
    checked(log, '7');
    const chi = contestHash(G, ctx.hE, m?.index ?? c.index, ctx.K, cts);
    if (toHex(chi) !== toHex(c.contestHash))
      fail(log, '7.A', where, 'contest hash differs from the recomputed χ');
    hashes.push({ index: m?.index ?? c.index, chi });
    if (spoiled) {
      const d = c.contestData;
      contestData[c.id] = `${d.c0.toString(16)}:${toHex(d.c1)}:${toHex(d.c2)}:${d.numBytes}`;
    }
  }

  // Verification 7.B: H(B) = H(H_E; 0x24, χ_1, …, χ_mB, B_aux), contests in index order
  hashes.sort((x, y) => x.index - y.index);
  const form = matchCandidate(
    confirmationCodeCandidates(
      ctx.hE,
      hashes.map((h) => h.chi),
      b.codeBaux,
    ),
    b.confirmationCode,
  );
  if (form) usedForm(log, '7.B', form);
  else fail(log, '7.B', at, 'confirmation code differs from H(H_E; 0x24, χ_1, …, χ_mB, B_aux)');

  return {
    file,
    ballotId: b.ballotId,
    state: b.state,
    device: b.device,
    isPreencrypt: b.isPreencrypt,
    confirmationCode: toHex(b.confirmationCode),
    codeBaux: toHex(b.codeBaux),
    electionId: toHex(b.electionId),
    contestIds: b.contests.map((c) => c.id),
    ...(spoiled ? { ciphertexts, contestData } : {}),
  };
}
