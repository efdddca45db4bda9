/**
 * From verified decryptions of mixed rows to what the count reads (spec/ranked-choice.md §3):
 * rank values by baby-step giant-step (M = K^σ, σ ≤ m + W) and write-in names from their
 * decrypted elements (§2.4, rule I4).
 * @module
 */
import type { Group } from '../group/group.js';
import { discreteLog } from '../elgamal/discrete-log.js';
import type { RowDecryption } from '../mixnet/decryption.js';
import { rankedLayout, type RankedContest } from './ranked-ballot.js';
import { decodeWriteIn, writeInCodec } from './write-in.js';

/** The plaintext of one mixed row. */
export interface RankedPlaintext {
  /** values at rank positions 1..R; null when M is not K^σ for σ ≤ m + W (K1 fails) */
  readonly ranks: readonly (number | null)[];
  /** the W write-in names ('' blank, null invalid) */
  readonly writeIns: readonly (string | null)[];
}

/**
 * Reads every decrypted row of a contest.
 * @param K - the election public key
 * @param decryptions - per row, per column, the decrypted element M (proofs already verified)
 * @throws {RangeError} when a row's width is not the contest's (the verifier checks D1 first)
 */
export function readRankedRows<E>(
  G: Group<E>,
  K: E,
  contest: RankedContest,
  decryptions: readonly (readonly RowDecryption<E>[])[],
): RankedPlaintext[] {
  const lay = rankedLayout(G, contest);
  const log = discreteLog(G, K, lay.maxValue);
  const codec = lay.W > 0 ? writeInCodec(G, K) : undefined;
  return decryptions.map((row, i) => {
    if (row.length !== lay.width) throw new RangeError(`decryptions[${i}]: expected ${lay.width} entries`);
    const ranks = row.slice(0, lay.R).map((d) => log(d.M) ?? null);
    const writeIns: (string | null)[] = [];
    for (let j = 0; j < lay.W; j++) {
      const start = lay.R + j * lay.L;
      writeIns.push(
        decodeWriteIn(
          codec!,
          row.slice(start, start + lay.L).map((d) => d.M),
        ),
      );
    }
    return { ranks, writeIns };
  });
}
