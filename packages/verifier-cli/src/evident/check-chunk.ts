/**
 * Verification of a chunk of ballots: steps 5 (selection range proofs and ballot structure),
 * 6 (vote limits), 7.A/7.B/7.E (confirmation codes and chaining), and the chunk's share of the
 * aggregation of step 8 (spec/verification.md §5–§8, §0.3).
 *
 * A chunk is one or more segments, each a run of consecutive lines of one device's file with the
 * code before it, so that many small files (one per online credential, spec/record.md §5.5) share
 * one chunk while every chain check stays per device. In commitment form every proof equation of
 * the chunk, whatever its segments, goes into one random-linear-combination batch; when the batch
 * fails, the chunk's ballots are re-checked one by one to name the bad one. A cast ballot's ranked
 * rows of a contest with its `inputs.json` are hashed from their bytes and returned as digests, not
 * decoded: step B decodes them (./ranked-deferred.ts, spec/verification.md §5.1).
 * Runs in worker threads (ballot-worker.ts) or in the main thread. Never throws on bad data.
 * @module
 */
import {
  type Ciphertext,
  bytesEqual,
  chainedAux,
  chainInitialCode,
  confirmationCode,
  createBatch,
  deviceAux0,
  fromHex,
  isInvalidData,
  product,
  toHex,
  elementToJson,
} from '@evident/e2e-crypto';
import { type BallotJson, RecordReadError, parseChecked } from '@evident/record';
import type { StepFinding } from '../report.js';
import {
  type Decoded,
  decodeBallot,
  decodingCheck,
  recheckBallot,
  verifyDecodedProofs,
} from './ballot-proofs.js';
import type { EvidentContext } from './context.js';
import type { Json } from '../log/log-summary.js';
import { type RecordLine, recordLineOf, recordLineOfText } from '../log/record-lines.js';
import { rankedShapeProblem } from './ranked-rows.js';

export type { StepFinding } from '../report.js';

/** A challenged ballot's ciphertexts, passed on to steps 12–14 (hex, to cross threads). */
export interface ChallengedCiphertexts {
  readonly code: string;
  readonly location: string;
  readonly contests: readonly {
    readonly label: string;
    readonly index: number;
    readonly selections: readonly { alpha: string; beta: string }[];
    readonly contestData: { c0: string; c1: string; c2: string };
  }[];
}

/** Consecutive lines of `ballots/<device>.jsonl`. */
export interface Segment {
  readonly device: string;
  readonly file: string;
  readonly lines: readonly { lineNo: number; text: string }[];
  /** The published code of the ballot before the first line, or H_0 (hex); null when unreadable. */
  readonly prevCode: string | null;
}

/** The input: segments of one or several devices, checked with one batch (§0.3). */
export interface Chunk {
  readonly segments: readonly Segment[];
  /** The record has a board: return each line's view for L3.B–L3.D (../log/record-lines.ts). */
  readonly board?: boolean;
  /**
   * Per ranked contest of the manifest: a cast ballot's row of that contest is not decoded here
   * but matched with the rows step B decodes (./ranked-deferred.ts, spec/verification.md §5.1).
   */
  readonly deferRanked?: readonly boolean[];
}

/** A ranked row whose membership the chunk deferred (./ranked-deferred.ts). */
export interface DeferredRow {
  /** the line's index in the chunk, in segment and line order */
  readonly line: number;
  /** the ranked contest's position in the manifest */
  readonly contest: number;
  /** the row's digest (./ranked-rows.ts rankedRowDigest) */
  readonly digest: Uint8Array;
}

/** The output, plain data (structured-clone friendly). */
export interface ChunkResult {
  readonly ballots: number;
  readonly selections: number;
  readonly contests: number;
  readonly findings: StepFinding[];
  /** Published codes, one per line in segment and line order (hex; '' for an unreadable line). */
  readonly codes: string[];
  /** Aggregate of the chunk's cast ballots, encoded: contest label → [alpha hex, beta hex][]. */
  readonly tally: { castBallots: number; contests: Record<string, [string, string][]> };
  readonly challenged: ChallengedCiphertexts[];
  /** With `chunk.board`: each line's view for L3.B–L3.D, in segment and line order (null: not JSON). */
  readonly lines?: (RecordLine | null)[];
  /** The ranked rows whose membership was deferred, in line order. */
  readonly deferred: DeferredRow[];
}

/**
 * Checks the chunk: each segment's ballots in order, chained from the segment's `prevCode`.
 * @param ctx - the record's context (steps 1–4)
 * @param chunk - the segments to check
 * @returns findings, codes and the chunk's aggregate; never throws on bad data
 */
export function checkChunk<E>(ctx: EvidentContext<E>, chunk: Chunk): ChunkResult {
  const { G } = ctx;
  const findings: StepFinding[] = [];
  const codes: string[] = [];
  const tally = castCollector(ctx);
  const challenged: ChallengedCiphertexts[] = [];
  const lines: (RecordLine | null)[] | undefined = chunk.board ? [] : undefined;
  const recheck: { text: string; location: string; defer: readonly boolean[] | undefined }[] = [];
  const deferred: DeferredRow[] = [];
  let lineIndex = -1;
  // g and K are in every equation: merged to the end; a ballot's own bases are folded after it
  const batch = G.proofForm === 'commitment' ? createBatch(G, [ctx.pk.K]) : undefined;
  let ballots = 0;
  let selections = 0;
  let contests = 0;
  for (const segment of chunk.segments) {
    ballots += segment.lines.length;
    const aux0 = deviceAux0(segment.device);
    let prev: Uint8Array | null = segment.prevCode ? fromHex(segment.prevCode) : null;
    for (const line of segment.lines) {
      lineIndex++;
      const location = `${segment.file}:${line.lineNo}`;
      const fail = (step: string, check: string, where: string, message: string): void => {
        findings.push({ step, check, where: where ? `${location} ${where}` : location, message });
      };
      let json: BallotJson;
      try {
        json = parseChecked<BallotJson>(line.text, location, 'ballot');
      } catch (e) {
        if (!(e instanceof RecordReadError)) throw e;
        fail('5', '5.F', e.field, e.detail);
        lines?.push(recordLineOfText(line.text));
        codes.push('');
        prev = null;
        continue;
      }
      codes.push(json.code);
      lines?.push(recordLineOf(json as unknown as Json));
      const code = fromHex(json.code);
      const at = `ballot ${json.code.slice(0, 16)}`;
      // structure: style and contests as the manifest says (5.E)
      const style = ctx.index.styles.get(json.style);
      let structureOk = true;
      if (!style) {
        fail('5', '5.E', `${at} style`, `unknown ballot style "${json.style}"`);
        structureOk = false;
      } else if (
        style.length !== json.contests.length ||
        style.some((c, i) => c.contest.label !== json.contests[i]!.label)
      ) {
        fail(
          '5',
          '5.E',
          `${at} contests`,
          `contests differ from ballot style "${json.style}" (${style.map((c) => c.contest.label).join(', ')})`,
        );
        structureOk = false;
      } else {
        style.forEach((c, i) => {
          if (json.contests[i]!.selections.length !== c.contest.options.length) {
            fail(
              '5',
              '5.E',
              `${at} contests[${i}].selections`,
              `expected ${c.contest.options.length} selections`,
            );
            structureOk = false;
          }
        });
      }
      // ranked rows: one per ranked contest of the manifest (5.E, spec/record.md §5.6)
      const rankedShape = structureOk ? rankedShapeProblem(ctx, json) : undefined;
      if (rankedShape) {
        fail('5', rankedShape.check, `${at} ${rankedShape.where}`, rankedShape.message);
        structureOk = false;
      }
      if (!structureOk || !style) {
        prev = code;
        continue;
      }
      // decode (5.A, 6.A): membership of every element
      let decoded: Decoded<E>;
      let hashes: Uint8Array[];
      let rows: (Uint8Array | undefined)[];
      // a cast ballot's ranked rows: decoded in step B, matched by digest (spec/verification.md §5.1)
      const defer = json.state === 'cast' ? chunk.deferRanked : undefined;
      try {
        ({
          decoded,
          hashes,
          deferred: rows,
        } = decodeBallot(ctx, json, style, `${location} ${at}`, batch, defer));
      } catch (e) {
        if (!isInvalidData(e)) throw e;
        const [step, check] = decodingCheck(e);
        fail(step, check, `${at} ${e.field}`, e.message);
        prev = code;
        continue;
      }
      // 7.B / 7.E: H(B) = H(H_E; 0x24, χ_1…χ_m, B_aux,j) with B_aux,j = H_(j−1) ∥ B_aux,0
      if (prev === null) {
        fail(
          '7',
          '7.E',
          `${at} code`,
          'the previous ballot of this device is unreadable, the chain cannot be checked',
        );
      } else if (!bytesEqual(confirmationCode(ctx.hE, hashes, chainedAux(prev, aux0)), code)) {
        fail(
          '7',
          '7.B',
          `${at} code`,
          'confirmation code does not match the ballot contents and its place in the device chain',
        );
      }
      prev = code;
      rows.forEach((digest, contest) => digest && deferred.push({ line: lineIndex, contest, digest }));
      // 5.B–5.D and 6.B–6.D, equations deferred to the batch in commitment form
      const bad = verifyDecodedProofs(G, ctx, decoded, batch);
      for (const b of bad) fail(b.step, b.check, `${at} ${b.where}`, b.message);
      // the ballot's terms as bytes now (crypto.md §4.4): none of its elements outlives it in the batch
      batch?.fold();
      // the line's text, not its decoded elements: they die young, and are decoded again only
      // when the batch fails
      recheck.push({ text: line.text, location, defer });
      selections += decoded.contests.reduce((a, c) => a + c.cts.length, 0);
      contests += decoded.contests.length;

      if (json.state === 'cast') {
        tally.add(decoded);
      } else if (json.state === 'challenged') {
        // 'superseded' ballots (revoting) and 'cancelled' ones (paper wins, spec/record.md §5.5)
        // are neither counted nor decrypted
        challenged.push({
          code: json.code,
          location: `${location} ${at}`,
          contests: json.contests.map((c, i) => ({
            label: c.label,
            index: style[i]!.index,
            selections: c.selections.map((s) => ({ alpha: s.alpha, beta: s.beta })),
            contestData: c.contestData,
          })),
        });
      }
    }
  }
  // the sums first, the batch last: each hands its buffers back to the profile's spares
  // (ristretto-msm-packed.ts), which the next chunk's first terms take last-in first-out, and the
  // next chunk's batch adds a term first — so it gets its own ~16,900-term buffers back instead
  // of a sum's and doubling them again (~9 MB of garbage a chunk)
  const sums = tally.encode();
  if (batch && !batch.check()) {
    // name the false equations, ballot by ballot from the lines (ballot-proofs.ts): with the early
    // findings named above, the findings are those of a one-by-one check of every ballot
    for (const r of recheck) findings.push(...recheckBallot(ctx, r.text, r.location, r.defer));
  }
  return {
    ballots,
    selections,
    contests,
    findings,
    codes,
    tally: sums,
    challenged,
    ...(lines ? { lines } : {}),
    deferred,
  };
}

/**
 * The chunk's share of step 8: the cast ballots' ciphertexts gathered per contest and option, then
 * multiplied in one pass each (`product`: for ristretto255 one mixed addition per point in
 * WebAssembly) rather than one BigInt addition per ballot, and encoded. Where the profile keeps
 * terms as bytes (`Group.msmTerms`, ristretto255) each option's α and β are gathered so, with
 * exponent 1 (a sum), and the ballot's elements are not held to the end of the chunk. Every
 * manifest contest is listed, with the encryption of 0 (nonce 0) where no cast ballot has it.
 */
function castCollector<E>(ctx: EvidentContext<E>) {
  const { G } = ctx;
  const column = (): { add(x: E): void; product(): E } => {
    if (G.msmTerms) {
      const t = G.msmTerms();
      return { add: (x) => t.add(x, 1n), product: () => t.result() };
    }
    const xs: E[] = [];
    return { add: (x) => xs.push(x), product: () => product(G, xs) };
  };
  const cols = new Map<string, { alphas: ReturnType<typeof column>[]; betas: ReturnType<typeof column>[] }>();
  for (const c of ctx.index.manifest.contests)
    cols.set(c.label, { alphas: c.options.map(column), betas: c.options.map(column) });
  let castBallots = 0;
  return {
    add(ballot: { contests: readonly { label: string; cts: readonly Ciphertext<E>[] }[] }): void {
      for (const c of ballot.contests) {
        const col = cols.get(c.label);
        // the ballot's structure was checked against its style (5.E) before it is added
        if (!col || col.alphas.length !== c.cts.length) throw new RangeError(`tally: contest "${c.label}"`);
        c.cts.forEach((ct, j) => {
          col.alphas[j]!.add(ct.alpha);
          col.betas[j]!.add(ct.beta);
        });
      }
      castBallots++;
    },
    encode(): ChunkResult['tally'] {
      const contests: Record<string, [string, string][]> = {};
      for (const [label, col] of cols) {
        contests[label] = col.alphas.map((as, j) => [
          elementToJson(G, as.product()),
          elementToJson(G, col.betas[j]!.product()),
        ]);
      }
      return { castBallots, contests };
    },
  };
}

/** The hex of H_0 for a device (eq 59), the `prevCode` of its first segment. */
export function initialCodeHex(hE: Uint8Array, device: string): string {
  return toHex(chainInitialCode(hE, deviceAux0(device)));
}
