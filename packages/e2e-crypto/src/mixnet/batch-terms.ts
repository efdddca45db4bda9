/**
 * The exponents of the batched verification equation of a shuffle proof (spec/mixnet.md §5.2),
 * shared by the one-thread verifier and the parallel one (./parallel/): M5–M9 weighted by random
 * z's and summed, with the coefficients of shared bases merged. The terms split into a few fixed
 * ones and, per row j, the bases c_j, h_j, α_{j,k}, β_{j,k}, α'_{j,k}, β'_{j,k}, ĉ_j, t̂_j, so that
 * rows can be handed to workers in chunks.
 * @module
 */
import { mod } from '../group/scalar.js';
import { batchWeights } from './verify-shuffle.js';

/** The scalars of a proof that enter the batch. */
export interface ProofScalars {
  readonly s1: bigint;
  readonly s2: bigint;
  readonly s3: bigint;
  readonly s4: readonly bigint[];
  readonly sHat: readonly bigint[];
  readonly sPrime: readonly bigint[];
}

/** Exponents of the fixed bases and of each row's 4 + 4w bases. */
export interface BatchExponents {
  /** g, K, h_0, t_1, t_2, t_3, then t_{4,k}.α, t_{4,k}.β for k = 1..w */
  readonly fixed: bigint[];
  /** per row j: c_j, h_j, (α_{j,k}, β_{j,k})_k, (α'_{j,k}, β'_{j,k})_k, ĉ_j, t̂_j */
  readonly rows: bigint[][];
}

/**
 * Σ_e z_e·(rhs_e − lhs_e) as exponents per base, with fresh 128-bit weights from the CSPRNG.
 * @param u - the challenge vector; @param uProd - ∏ u_j mod q; @param c - the challenge
 */
export function batchExponents(
  q: bigint,
  N: number,
  w: number,
  p: ProofScalars,
  u: readonly bigint[],
  uProd: bigint,
  c: bigint,
): BatchExponents {
  const zs = batchWeights(3 + 2 * w + N);
  const [z1, z2, z3] = zs as [bigint, bigint, bigint];
  const za = zs.slice(3, 3 + w);
  const zb = zs.slice(3 + w, 3 + 2 * w);
  const y = zs.slice(3 + 2 * w);
  let gE = z1 * p.s1 + z2 * p.s2 + z3 * p.s3;
  let kE = 0n;
  for (let k = 0; k < w; k++) {
    gE -= za[k]! * p.s4[k]!;
    kE -= zb[k]! * p.s4[k]!;
  }
  for (let i = 0; i < N; i++) gE += y[i]! * p.sHat[i]!;
  const fixed = [gE, kE, -z2 * c * uProd + y[0]! * p.sPrime[0]!, -z1, -z2, -z3];
  for (let k = 0; k < w; k++) fixed.push(-za[k]!, -zb[k]!);
  const z1c = z1 * c;
  const z3c = z3 * c;
  const rows: bigint[][] = new Array<bigint[]>(N);
  for (let j = 0; j < N; j++) {
    const cu = mod(c * u[j]!, q);
    const s = p.sPrime[j]!;
    const e: bigint[] = [z1c + z3c * u[j]!, z3 * s - z1c];
    for (let k = 0; k < w; k++) e.push(za[k]! * cu, zb[k]! * cu);
    for (let k = 0; k < w; k++) e.push(za[k]! * s, zb[k]! * s);
    e.push(y[j]! * c + (j + 1 < N ? y[j + 1]! * p.sPrime[j + 1]! : z2 * c), -y[j]!);
    rows[j] = e.map((x) => mod(x, q));
  }
  return { fixed: fixed.map((x) => mod(x, q)), rows };
}
