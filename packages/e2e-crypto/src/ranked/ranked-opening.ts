/**
 * Ranked rows as part of a ballot (spec/ranked-choice.md §2.5–§2.7): their contest index after
 * the ordinary contests, their encryption nonces derived from the ballot nonce ξ_B (so that a
 * challenged ballot opens its ranked rows as EG 2.0 opens selections), their contest hashes for
 * the confirmation code (EG 2.0 eq 57/58), and the opening of a row with ξ_B.
 * @module
 */
import { discreteLog } from '../elgamal/discrete-log.js';
import type { Ciphertext, PublicKey } from '../elgamal/elgamal.js';
import { contestHash } from '../election/confirmation-code.js';
import type { Group } from '../group/group.js';
import { encryptRankedBallot, rankedLayout, type RankedBallot, type RankedContest } from './ranked-ballot.js';
import { rankedNonce } from './ranked-nonce.js';
import type { RankedPlaintext } from './read-rows.js';
import { decodeWriteIn, writeInCodec } from './write-in.js';

/**
 * ind_c of the i-th ranked contest (0-based) of a manifest with `contests` ordinary contests:
 * the ranked contests follow the ordinary ones, ind_c = |contests| + i + 1 (§2.6).
 * @throws {RangeError} naming a parameter that is not a non-negative integer
 */
export function rankedContestIndex(contests: number, i: number): number {
  if (!Number.isInteger(contests) || contests < 0) throw new RangeError('contests: a non-negative integer');
  if (!Number.isInteger(i) || i < 0) throw new RangeError('i: a non-negative integer');
  return contests + i + 1;
}

/** χ = H(H_E; 0x23, ind_c, K, α_1, β_1, …, α_w, β_w) over the row's w ciphertexts — eq 57 (§2.6). */
export function rankedContestHash<E>(
  G: Group<E>,
  hE: Uint8Array,
  indC: number,
  K: E,
  row: readonly Ciphertext<E>[],
): Uint8Array {
  return contestHash(G, hE, indC, K, row);
}

/** The ranked part of a ballot: one row per ranked contest and its contest hash. */
export interface RankedRows<E> {
  readonly ballots: readonly RankedBallot<E>[];
  /** χ per ranked contest, in manifest order: they follow the ordinary χ's in H(B) (§2.6) */
  readonly hashes: readonly Uint8Array[];
}

/**
 * Encrypts one row per ranked contest with nonces from ξ_B (§2.5) and computes their hashes.
 * @param contests - the manifest's `contests.length` (ranked ind_c start after it)
 * @param ranked - the manifest's ranked contests, in order
 * @param rankings - contest id → preferences (see {@link encryptRankedBallot}); absent = empty
 * @throws {RangeError} for an invalid ranking
 */
export function encryptRankedRows<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  hE: Uint8Array,
  contests: number,
  ranked: readonly RankedContest[],
  ballotNonce: bigint,
  rankings: Readonly<Record<string, readonly (number | string)[]>> = {},
): RankedRows<E> {
  const ballots = ranked.map((c, i) =>
    encryptRankedBallot(G, pk, hE, c, rankings[c.id] ?? [], {
      ballotNonce,
      indC: rankedContestIndex(contests, i),
    }),
  );
  const hashes = ballots.map((b, i) =>
    rankedContestHash(G, hE, rankedContestIndex(contests, i), pk.K, b.row),
  );
  return { ballots, hashes };
}

/** A row opened with ξ_B: what the voter encrypted, in the form of the count's plaintexts. */
export interface RankedOpening extends RankedPlaintext {
  readonly contestId: string;
}

/**
 * Opens a ranked row with the ballot nonce (§2.7): every column k must have α = g^{ξ_{c,k}};
 * a rank position's value is σ with β/K^ξ = K^σ, σ ≤ m + W; a write-in slot's name is read from
 * its elements P = β/K^ξ (rule I4).
 * @returns the opening, or the column that the nonce does not open (`row[k].alpha`, or
 *   `row[k].beta` for a rank value out of range)
 */
export function openRankedBallot<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  hE: Uint8Array,
  contest: RankedContest,
  ballot: RankedBallot<E>,
  ballotNonce: bigint,
  indC: number,
): { ok: true; opening: RankedOpening } | { ok: false; where: string } {
  const lay = rankedLayout(G, contest);
  if (ballot.row.length !== lay.width) return { ok: false, where: 'row' };
  const elements: E[] = [];
  for (let k = 0; k < lay.width; k++) {
    const ct = ballot.row[k]!;
    const xi = rankedNonce(G, hE, ballotNonce, indC, k + 1);
    if (!G.equals(ct.alpha, G.gExp(xi))) return { ok: false, where: `row[${k}].alpha` };
    elements.push(G.div(ct.beta, pk.pow(xi)));
  }
  const log = discreteLog(G, pk.K, lay.maxValue);
  const ranks: number[] = [];
  for (let r = 0; r < lay.R; r++) {
    const s = log(elements[r]!);
    if (s === undefined) return { ok: false, where: `row[${r}].beta` };
    ranks.push(s);
  }
  const writeIns: (string | null)[] = [];
  if (lay.W > 0) {
    const codec = writeInCodec(G, pk.K);
    for (let j = 0; j < lay.W; j++) {
      const start = lay.R + j * lay.L;
      writeIns.push(decodeWriteIn(codec, elements.slice(start, start + lay.L)));
    }
  }
  return { ok: true, opening: { contestId: contest.id, ranks, writeIns } };
}
