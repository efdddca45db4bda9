/**
 * Re-encryption shuffle of N rows of w ElGamal ciphertexts (spec/mixnet.md §3).
 *
 * Output row i is input row π(i) with every ciphertext re-encrypted:
 * e'_{i,k} = (α_{π(i),k}·g^{r_{i,k}}, β_{π(i),k}·K^{r_{i,k}}), an encryption of the same value
 * under ElectionGuard's exponential ElGamal (g^ξ, K^(σ+ξ)).
 * @module
 */
import { bytesToBigint } from '../bytes.js';
import type { Ciphertext, PublicKey } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { randomScalar } from '../group/scalar.js';
import { randomBytes } from '@noble/hashes/utils.js';

/** A row of w ciphertexts that moves through the shuffle as one unit (a ballot's contest). */
export type CiphertextRow<E> = readonly Ciphertext<E>[];

/** The prover's secret: the permutation and the re-encryption nonces. Never published. */
export interface ShuffleWitness {
  /** π: output row i is input row pi[i] */
  readonly pi: readonly number[];
  /** r_{i,k}: nonce of output row i, column k */
  readonly r: readonly (readonly bigint[])[];
}

/** A uniformly random integer in [0, n) from the CSPRNG (rejection sampling, no modulo bias). */
function randomIndex(n: number): number {
  const bound = 2 ** 48 - (2 ** 48 % n);
  for (;;) {
    const x = Number(bytesToBigint(randomBytes(6)));
    if (x < bound) return x % n;
  }
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates with CSPRNG indices). */
export function randomPermutation(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError('randomPermutation: n must be a non-negative integer');
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** True when `pi` is a permutation of 0..n−1. */
export function isPermutation(pi: readonly number[], n: number): boolean {
  if (!Array.isArray(pi) || pi.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const x of pi) {
    if (!Number.isInteger(x) || x < 0 || x >= n || seen[x]) return false;
    seen[x] = 1;
  }
  return true;
}

/**
 * Checks the shape of a list of rows: N ≥ 1 rows, all of the same width w ≥ 1.
 * @returns w
 * @throws {RangeError} naming `param` otherwise
 */
export function rowWidth<E>(rows: readonly CiphertextRow<E>[], param: string): number {
  if (!Array.isArray(rows) || rows.length === 0) throw new RangeError(`${param}: expected at least one row`);
  const w = rows[0]!.length;
  if (w < 1) throw new RangeError(`${param}: rows must hold at least one ciphertext`);
  for (const row of rows) if (row.length !== w) throw new RangeError(`${param}: rows differ in width`);
  return w;
}

/**
 * Shuffles and re-encrypts `rows` (spec/mixnet.md §3, eq S1).
 * @param pk - the election key K with its fixed-base table
 * @param pi - the permutation (random from the CSPRNG unless given, for tests)
 * @returns the output rows and the witness for {@link proveShuffle}
 * @throws {RangeError} for an empty or ragged input or a `pi` that is not a permutation
 */
export function shuffleRows<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  rows: readonly CiphertextRow<E>[],
  pi: readonly number[] = randomPermutation(rows.length),
): { outputs: CiphertextRow<E>[]; witness: ShuffleWitness } {
  const w = rowWidth(rows, 'rows');
  const N = rows.length;
  if (!isPermutation(pi, N)) throw new RangeError('shuffleRows: pi is not a permutation of the rows');
  const r: bigint[][] = [];
  const outputs: CiphertextRow<E>[] = [];
  for (let i = 0; i < N; i++) {
    const src = rows[pi[i]!]!;
    const ri: bigint[] = [];
    const row: Ciphertext<E>[] = [];
    for (let k = 0; k < w; k++) {
      const rik = randomScalar(G.q);
      ri.push(rik);
      row.push({ alpha: G.mul(src[k]!.alpha, G.gExp(rik)), beta: G.mul(src[k]!.beta, pk.pow(rik)) });
    }
    r.push(ri);
    outputs.push(row);
  }
  return { outputs, witness: { pi: [...pi], r } };
}
