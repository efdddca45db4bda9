/**
 * From verified decryptions of mixed rows to what the count reads (spec/ranked-choice.md §3):
 * rank values by baby-step giant-step (M = K^σ, σ ≤ m + W) and write-in names from their
 * decrypted elements (§2.4, rule I4).
 * @module
 */
import { type Group, encodeTo } from '../group/group.js';
import { discreteLog } from '../elgamal/discrete-log.js';
import type { RowDecryption } from '../mixnet/decryption.js';
import { rankedLayout, type RankedContest } from './ranked-ballot.js';
import { decodeWriteIn, writeInCodec } from './write-in.js';

/** The largest m + W whose values are looked up in a table of K^0..K^(m+W) (else baby-step giant-step). */
const TABLE_MAX = 1024;

/** Tables by group, then by K's key and bound (a verifier reads a contest's rows a chunk at a time). */
const tables = new WeakMap<object, Map<string, (M: never) => number | undefined>>();

/**
 * σ from M = K^σ for σ in 0..bound by one look-up: the encodings of K^0..K^bound in a map keyed
 * by their first four bytes, each hit confirmed on the whole encoding (a decoded M is hashed from
 * the encoding it came from: no group operation, no string per look-up).
 */
function powerTable<E>(G: Group<E>, K: E, bound: number): (M: E) => number | undefined {
  let perGroup = tables.get(G);
  if (!perGroup) tables.set(G, (perGroup = new Map()));
  const key = `${G.key(K)}:${bound}`;
  const hit = perGroup.get(key);
  if (hit) return hit as (M: E) => number | undefined;
  const table = newPowerTable(G, K, bound);
  perGroup.set(key, table);
  return table;
}

function newPowerTable<E>(G: Group<E>, K: E, bound: number): (M: E) => number | undefined {
  const n = G.elementLength;
  const byPrefix = new Map<number, { enc: Uint8Array; sigma: number }[]>();
  const word = (b: Uint8Array): number => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  let x = G.one;
  for (let sigma = 0; sigma <= bound; sigma++) {
    const enc = G.encode(x);
    const list = byPrefix.get(word(enc));
    if (list) list.push({ enc, sigma });
    else byPrefix.set(word(enc), [{ enc, sigma }]);
    x = G.mul(x, K);
  }
  const scratch = new Uint8Array(n);
  return (M) => {
    encodeTo(G, M, scratch, 0);
    const list = byPrefix.get(word(scratch));
    if (!list) return undefined;
    for (const { enc, sigma } of list) {
      let same = true;
      for (let i = 0; i < n && same; i++) same = enc[i] === scratch[i];
      if (same) return sigma;
    }
    return undefined;
  };
}

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
  const log = lay.maxValue <= TABLE_MAX ? powerTable(G, K, lay.maxValue) : discreteLog(G, K, lay.maxValue);
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
