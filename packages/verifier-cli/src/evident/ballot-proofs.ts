/**
 * A ballot's elements decoded and its proofs checked (spec/verification.md §5, §6, §7.A), for the
 * chunks of the ballot pass (./check-chunk.ts): the decoding with its membership checks, the proof
 * equations deferred to the chunk's batch, and the ballot-by-ballot re-check of a chunk whose
 * batch failed, which starts again from the line's text.
 * @module
 */
import {
  type Batch,
  type Ciphertext,
  type Group,
  type IndexedContest,
  InvalidDataError,
  type RangeProof,
  ballotContestHash,
  createBatch,
  rangeProofFromJson,
  sum,
  verifyRange,
} from '@evident/e2e-crypto';
import { type BallotJson, decodeCiphertext, decodeHashed, parseChecked } from '@evident/record';
import type { StepFinding } from '../report.js';
import type { EvidentContext } from './context.js';
import { rankedRowHashes } from './ranked-rows.js';

/** A ballot's decoded contests. */
export interface Decoded<E> {
  readonly location: string;
  readonly contests: {
    label: string;
    R: number;
    L: number;
    cts: Ciphertext<E>[];
    proofs: RangeProof<E>[];
    aggregate: Ciphertext<E>;
    proof: RangeProof<E>;
  }[];
}

/**
 * Decodes a ballot whose structure matches `style` (5.A, 6.A: membership of every element) and
 * hashes its contests (7.A); with a batch, declares each contest's aggregate as the product of its
 * selections (`Batch.alias`). The ranked rows of the contests `defer` names are hashed from their
 * bytes, not decoded (./ranked-rows.ts): their digests are returned as `deferred`.
 * @throws {InvalidDataError} the first element, scalar or field that does not decode
 */
export function decodeBallot<E>(
  ctx: EvidentContext<E>,
  json: BallotJson,
  style: readonly IndexedContest[],
  location: string,
  batch: Batch<E> | undefined,
  defer?: readonly boolean[],
): { decoded: Decoded<E>; hashes: Uint8Array[]; deferred: (Uint8Array | undefined)[] } {
  const { G } = ctx;
  const hashes: Uint8Array[] = [];
  const decoded: Decoded<E> = {
    location,
    contests: json.contests.map((cj, i) => {
      const { contest, index } = style[i]!;
      const cts = cj.selections.map((s, j) => decodeCiphertext(G, s, `contests[${i}].selections[${j}]`));
      const proofs = cj.selections.map((s, j) =>
        rangeProofFromJson(G, s.proof, `contests[${i}].selections[${j}].proof`),
      );
      const cd = decodeHashed(G, cj.contestData, `contests[${i}].contestData`);
      if (cd.c1.length !== 32 * contest.contestDataBlocks) {
        throw new InvalidDataError(
          'VALUE',
          `contests[${i}].contestData.c1`,
          `expected ${32 * contest.contestDataBlocks} bytes`,
        );
      }
      hashes.push(ballotContestHash(G, ctx.hE, index, ctx.pk.K, cts, cd)); // 7.A
      const aggregate = sum(G, cts); // 6.1, 6.2
      if (batch && cts.length > 0) {
        // the vote-limit proof's equations go to the selections' α, β: bases fewer by two
        batch.alias(
          aggregate.alpha,
          cts.map((ct) => ct.alpha),
        );
        batch.alias(
          aggregate.beta,
          cts.map((ct) => ct.beta),
        );
      }
      return {
        label: contest.label,
        R: contest.optionLimit,
        L: contest.voteLimit,
        cts,
        proofs,
        aggregate,
        proof: rangeProofFromJson(G, cj.proof, `contests[${i}].proof`),
      };
    }),
  };
  const ranked = rankedRowHashes(ctx, json, defer); // 7.A: ranked χ follow (spec/ranked-choice.md §2.6)
  hashes.push(...ranked.hashes);
  return { decoded, hashes, deferred: ranked.deferred };
}

/**
 * The findings of one ballot of a chunk whose batch failed that the chunk's pass could not name:
 * its false proof equations. Starts again from the line's text, which passed parsing, structure
 * and decoding in the pass, so does again. A batch of its own (one small multi-exponentiation)
 * passes a ballot whose equations hold: nothing new. Else its proofs are checked one equation at a
 * time, less the early (non-equation) findings the pass named already.
 * @param defer - the ranked rows the pass deferred for this ballot (decoded in neither place)
 */
export function recheckBallot<E>(
  ctx: EvidentContext<E>,
  text: string,
  location: string,
  defer?: readonly boolean[],
): StepFinding[] {
  const { G } = ctx;
  const json = parseChecked<BallotJson>(text, location, 'ballot');
  const at = `ballot ${json.code.slice(0, 16)}`;
  const own = createBatch(G, [ctx.pk.K]);
  const style = ctx.index.styles.get(json.style)!;
  const { decoded } = decodeBallot(ctx, json, style, `${location} ${at}`, own, defer);
  const early = new Set(verifyDecodedProofs(G, ctx, decoded, own).map((b) => b.where));
  if (own.check()) return [];
  return verifyDecodedProofs(G, ctx, decoded, undefined)
    .filter((b) => !early.has(b.where))
    .map((b) => ({
      step: b.step,
      check: b.check,
      where: `${decoded.location} ${b.where}`,
      message: b.message,
    }));
}

/**
 * The check a ballot's decoding failure is: 5.A an element outside the group; 5.B/5.C a challenge
 * c_j or response v_j not in Z_q (6.B/6.C in a contest's vote-limit proof); 5.F anything else.
 */
export function decodingCheck(e: InvalidDataError): [step: string, check: string] {
  if (e.code === 'NOT_IN_GROUP') return ['5', '5.A'];
  if (e.code !== 'SCALAR_RANGE') return ['5', '5.F'];
  const step = /^contests\[\d+\]\.proof\./.test(e.field) ? '6' : '5';
  return [step, `${step}.${/\.c\[\d+\]$/.test(e.field) ? 'B' : 'C'}`];
}

export function verifyDecodedProofs<E>(
  G: Group<E>,
  ctx: EvidentContext<E>,
  d: Decoded<E>,
  batch: Batch<E> | undefined,
): { step: string; check: string; where: string; message: string }[] {
  const out: { step: string; check: string; where: string; message: string }[] = [];
  d.contests.forEach((c, i) => {
    c.cts.forEach((ct, j) => {
      if (!verifyRange(G, ctx.hE, ctx.pk, ct, c.R, c.proofs[j]!, batch)) {
        out.push({
          step: '5',
          check: '5.D',
          where: `contests[${i}].selections[${j}]`,
          message: `range proof 0..${c.R} does not verify (contest ${c.label}, option ${j + 1})`,
        });
      }
    });
    if (!verifyRange(G, ctx.hE, ctx.pk, c.aggregate, c.L, c.proof, batch)) {
      out.push({
        step: '6',
        check: '6.D',
        where: `contests[${i}].proof`,
        message: `vote-limit proof 0..${c.L} does not verify (contest ${c.label})`,
      });
    }
  });
  return out;
}
