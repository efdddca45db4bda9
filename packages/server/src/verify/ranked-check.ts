/**
 * Server-side checks of the ranked-choice part of a submitted ballot (spec/server-api.md §5.2,
 * spec/ranked-choice.md §2.2): `ballot.ranked[i]` is the encrypted row of the manifest's i-th
 * ranked contest with its range proofs (and write-in proofs). Like the rest of the ballot it is
 * checked in the verification worker, in two steps that {@link checkBallots} calls:
 *
 * - {@link decodeRanked} (with checks 1, 2): one row per ranked contest, in manifest order; every
 *   element decodes (membership) and every scalar is in range; the row is R + W·L ciphertexts
 *   wide with R range proofs and W·L write-in proofs (B1); no ciphertext α repeats within the
 *   ballot (B4) — and the α's become replay claims, so that no other credential can submit one
 *   of them (a copied ciphertext would be traceable through the mix, and would make the record
 *   fail B4);
 * - {@link rankedEquations} (with check 3): the range proofs 0..m+W (B2) and the write-in proofs
 *   (B3), their group equations put into the ballot batch in commitment form.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  openRankedBallot,
  rankedBallotFromJson,
  rankedContestHash,
  rankedContestIndex,
  rankedLayout,
  toHex,
  verifyRankedBallot,
  type Batch,
  type RankedBallot,
  type RankedBallotJson,
  type RankedContest,
  type RankedOpening,
} from '@evident/e2e-crypto';
import { ApiError } from '../errors.js';
import type { ElectionContext } from './election-context.js';

/** The ranked rows of one ballot, decoded. */
export interface DecodedRanked<E> {
  readonly items: readonly {
    readonly contest: RankedContest;
    readonly ballot: RankedBallot<E>;
    readonly field: string;
    /** ind_c: the ranked contests follow the ordinary ones (spec/ranked-choice.md §2.6) */
    readonly indC: number;
  }[];
  /** Replay claims: SHA-256 of each ciphertext's α, uppercase hex (spec/server-api.md §5.3). */
  readonly claimKeys: readonly string[];
}

/**
 * Decodes and shape-checks `ballot.ranked` against the manifest's ranked contests.
 * @returns undefined when the election has no ranked contests and the ballot none
 * @throws {ApiError} EVD_ERR_INVALID_BALLOT naming the field (missing, extra or misordered rows,
 *   wrong widths, a repeated ciphertext); InvalidDataError for a non-member element or bad scalar
 */
export function decodeRanked<E>(ctx: ElectionContext<E>, ranked: unknown): DecodedRanked<E> | undefined {
  const { G } = ctx;
  const contests = ctx.manifest.manifest.rankedContests ?? [];
  if (contests.length === 0) {
    if (ranked === undefined || (Array.isArray(ranked) && ranked.length === 0)) return undefined;
    throw new ApiError('EVD_ERR_INVALID_BALLOT', 'this election has no ranked contests', 'ballot.ranked');
  }
  if (!Array.isArray(ranked) || ranked.length !== contests.length) {
    throw new ApiError(
      'EVD_ERR_INVALID_BALLOT',
      `expected one encrypted row per ranked contest: ${contests.map((c) => c.id).join(', ')}`,
      'ballot.ranked',
    );
  }
  const items: DecodedRanked<E>['items'][number][] = [];
  const claimKeys: string[] = [];
  const seen = new Set<string>();
  contests.forEach((contest, i) => {
    const at = `ballot.ranked[${i}]`;
    const json = ranked[i] as RankedBallotJson;
    if (json?.contestId !== contest.id)
      throw new ApiError(
        'EVD_ERR_INVALID_BALLOT',
        `expected ranked contest "${contest.id}"`,
        `${at}.contestId`,
      );
    const ballot = rankedBallotFromJson(G, json, at);
    const lay = rankedLayout(G, contest);
    const shape: [string, number, number, string][] = [
      [
        'row',
        ballot.row.length,
        lay.width,
        `ciphertexts (${lay.R} ranks + ${lay.W * lay.L} write-in elements)`,
      ],
      ['proofs', ballot.proofs.length, lay.R, 'range proofs'],
      ['writeInProofs', ballot.writeInProofs?.length ?? 0, lay.W * lay.L, 'write-in proofs'],
    ];
    for (const [f, got, want, what] of shape)
      if (got !== want)
        throw new ApiError('EVD_ERR_INVALID_BALLOT', `expected ${want} ${what}, got ${got}`, `${at}.${f}`);
    ballot.row.forEach((ct, k) => {
      const key = toHex(createHash('sha256').update(G.encode(ct.alpha)).digest());
      if (seen.has(key))
        throw new ApiError(
          'EVD_ERR_INVALID_BALLOT',
          'this ciphertext appears twice',
          `${at}.row[${k}].alpha`,
        );
      seen.add(key);
      claimKeys.push(key);
    });
    items.push({
      contest,
      ballot,
      field: at,
      indC: rankedContestIndex(ctx.manifest.manifest.contests.length, i),
    });
  });
  return { items, claimKeys };
}

/**
 * The proofs of the ranked rows (B2, B3): their hashes now, their group equations into `batch`
 * (or checked now when `batch` is undefined, naming the position).
 * @throws {ApiError} EVD_ERR_INVALID_PROOF naming the first proof that fails
 */
export function rankedEquations<E>(
  ctx: ElectionContext<E>,
  d: DecodedRanked<E> | undefined,
  batch: Batch<E> | undefined,
): void {
  if (!d) return;
  for (const it of d.items) {
    const [r] = verifyRankedBallot(ctx.G, ctx.pk, ctx.hE, it.contest, it.ballot, batch);
    if (r) {
      const what = r.check === 'B3' ? 'write-in proof' : r.check === 'B2' ? 'rank range proof' : 'row shape';
      throw new ApiError(
        r.check === 'B1' ? 'EVD_ERR_INVALID_BALLOT' : 'EVD_ERR_INVALID_PROOF',
        `${what} does not verify (spec/ranked-choice.md §2.2 ${r.check})`,
        `${it.field}.${r.where}`,
      );
    }
  }
}

/**
 * The contest hash χ of each ranked row (eq 57 over the row, spec/ranked-choice.md §2.6): they
 * follow the ordinary contests' hashes in the confirmation code H(B) (eq 58).
 */
export function rankedHashes<E>(ctx: ElectionContext<E>, d: DecodedRanked<E> | undefined): Uint8Array[] {
  return (d?.items ?? []).map((it) => rankedContestHash(ctx.G, ctx.hE, it.indC, ctx.pk.K, it.ballot.row));
}

/**
 * Opens the ranked rows of a challenge with the revealed ballot nonce ξ_B (spec/ranked-choice.md
 * §2.7, check 6 of spec/server-api.md §5.2): every column's α = g^ξ and every rank value in 0..m+W.
 * @returns one opening per ranked contest, in manifest order
 * @throws {ApiError} EVD_ERR_INVALID_BALLOT naming the column the nonce does not open
 */
export function openRanked<E>(
  ctx: ElectionContext<E>,
  d: DecodedRanked<E> | undefined,
  nonce: bigint,
): RankedOpening[] {
  return (d?.items ?? []).map((it) => {
    const r = openRankedBallot(ctx.G, ctx.pk, ctx.hE, it.contest, it.ballot, nonce, it.indC);
    if (!r.ok)
      throw new ApiError(
        'EVD_ERR_INVALID_BALLOT',
        'the nonce does not open this ranked row (spec/ranked-choice.md §2.7)',
        `${it.field}.${r.where}`,
      );
    return r.opening;
  });
}
