/**
 * The ranked rows of a ballot line (spec/record.md §5.6): in the ballot pass they are checked for
 * shape against the manifest's ranked contests (5.E), decoded (5.A), and their contest hashes
 * χ (eq 57 over the row, ind_c after the ordinary contests, spec/ranked-choice.md §2.6) join the
 * ordinary contests' hashes in the recomputed confirmation code (7.A/7.B). Their proofs are
 * checked where they are counted (step `B:<id>` on `inputs.json`, bound to these lines by L3.G),
 * and so is a counted ballot's membership: its rows are decoded there, not here, and matched by
 * digest afterwards (./ranked-deferred.ts, spec/verification.md §5.1).
 * @module
 */
import {
  contestHashOfEncodings,
  encodeElement,
  finding,
  type Finding,
  hexFromJson,
  rankedBallotFromJson,
  rankedContestHash,
  rankedContestIndex,
  rankedLayout,
  type RankedContest,
} from '@evident/e2e-crypto';
import type { BallotJson } from '@evident/record';
import { hexDigestBytesOf } from '../log/log-summary.js';
import type { EvidentContext } from './context.js';

/**
 * Checks the shape of `json.ranked` (5.E).
 * @returns undefined when it fits the manifest, else the finding (5.E) naming the field
 */
export function rankedShapeProblem<E>(ctx: EvidentContext<E>, json: BallotJson): Finding | undefined {
  const contests: readonly RankedContest[] = ctx.manifest.rankedContests ?? [];
  const ranked = json.ranked ?? [];
  if (!Array.isArray(ranked) || ranked.length !== contests.length)
    return finding(
      '5.E',
      'ranked',
      `expected one row per ranked contest of the manifest (${contests.length})`,
    );
  for (let i = 0; i < contests.length; i++) {
    const c = contests[i]!;
    const r = ranked[i]!;
    const lay = rankedLayout(ctx.G, c);
    if (r.contestId !== c.id) return finding('5.E', `ranked[${i}].contestId`, `expected "${c.id}"`);
    if (r.row.length !== lay.width)
      return finding('5.E', `ranked[${i}].row`, `expected ${lay.width} ciphertexts`);
    if (r.proofs.length !== lay.R)
      return finding('5.E', `ranked[${i}].proofs`, `expected ${lay.R} range proofs`);
    if ((r.writeInProofs?.length ?? 0) !== lay.W * lay.L)
      return finding('5.E', `ranked[${i}].writeInProofs`, `expected ${lay.W * lay.L} write-in proofs`);
  }
  return undefined;
}

/** A ballot's ranked rows as the ballot pass hashed them. */
export interface RankedRowHashes {
  /** χ per ranked contest, in manifest order */
  readonly hashes: Uint8Array[];
  /**
   * per ranked contest, the digest ({@link rankedRowDigest}) of a row whose elements were not
   * decoded here (membership deferred to step B, spec/verification.md §5.1); undefined for a row
   * decoded here
   */
  readonly deferred: (Uint8Array | undefined)[];
}

/**
 * Decodes every ranked row (5.A: membership, scalar ranges) and computes their contest hashes —
 * except the rows of contests `defer` names (a counted ballot's rows, which step B decodes from
 * `inputs.json`): of those only the elements' hex is read, χ hashed over the bytes, and the row's
 * digest returned, so that the verification checks the row was decoded there (ranked-deferred.ts).
 * A deferred row whose hex does not read as elements of the profile's length is decoded here after
 * all, so that its finding is the one of a full decoding.
 * @param defer - per ranked contest of the manifest, whether its row may be deferred
 * @throws {InvalidDataError} naming the field (`ranked[i].row[k].beta`)
 */
export function rankedRowHashes<E>(
  ctx: EvidentContext<E>,
  json: BallotJson,
  defer?: readonly boolean[],
): RankedRowHashes {
  const { G } = ctx;
  const n = ctx.manifest.contests.length;
  const hashes: Uint8Array[] = [];
  const deferred: (Uint8Array | undefined)[] = [];
  (json.ranked ?? []).forEach((r, i) => {
    const indC = rankedContestIndex(n, i);
    const bytes = defer?.[i] ? rowEncodings(G.elementLength, r.row) : undefined;
    if (bytes) {
      hashes.push(contestHashOfEncodings(ctx.hE, indC, encodeElement(G, ctx.pk.K), bytes));
      deferred.push(rankedRowDigest(r));
      return;
    }
    const b = rankedBallotFromJson(G, r, `ranked[${i}]`);
    hashes.push(rankedContestHash(G, ctx.hE, indC, ctx.pk.K, b.row));
    deferred.push(undefined);
  });
  return { hashes, deferred };
}

/** The bytes of α_1, β_1, …, α_w, β_w of a row, or undefined when some is not hex of `length` bytes. */
function rowEncodings(length: number, row: unknown): Uint8Array[] | undefined {
  if (!Array.isArray(row)) return undefined;
  const out: Uint8Array[] = [];
  try {
    for (const ct of row as { alpha?: unknown; beta?: unknown }[]) {
      if (typeof ct !== 'object' || ct === null) return undefined;
      out.push(hexFromJson(ct.alpha, '', length), hexFromJson(ct.beta, '', length));
    }
  } catch {
    return undefined;
  }
  return out;
}

/**
 * The digest by which a deferred row is matched with a row of `inputs.json` that step B decoded:
 * SHA-256 of the row's canonical JSON with its hex in upper case — the digest L3.G and the board
 * compare (../log/log-summary.ts). A ballot line and an `inputs.json` passed their schemas, whose
 * hex is upper case only, so equal digests are equal JSON values, which decode alike.
 */
export const rankedRowDigest = (row: unknown): Uint8Array => hexDigestBytesOf(row);
