/**
 * Verification of a Terelius–Wikström proof of shuffle, steps M1–M9 of spec/mixnet.md §5.
 *
 * The verifier recomputes the generators from the session (never taking them from the prover),
 * recomputes every challenge from the whole statement, and checks the equations M5–M9 at once:
 * each is weighted by a fresh random 128-bit z from the CSPRNG and all are summed into one
 * multi-exponentiation (Pippenger for ristretto255). Only when that fails are the equations
 * re-checked one at a time, to name the one that is false. It never throws on bad data.
 * @module
 */
import { bytesToBigint } from '../bytes.js';
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { Finding } from '../findings.js';
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { inZq } from '../proofs/challenge.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { batchExponents } from './batch-terms.js';
import { challengeVector, finalChallenge, statementHash } from './fiat-shamir.js';
import { shuffleGenerators, type ShuffleGenerators } from './generators.js';
import type { CiphertextRow } from './shuffle.js';
import type { ShuffleProof } from './shuffle-proof.js';

/** Options of {@link verifyShuffle}. */
export interface VerifyShuffleOptions<E> {
  /** generators already derived from the same session (a chain derives them once) */
  readonly generators?: ShuffleGenerators<E>;
  /** prefix for every finding's `where`, e.g. `stages[2].` */
  readonly where?: string;
}

const fail = (check: string, where: string, message: string): readonly Finding[] => [
  { check, where, message },
];

/** M1: shapes. Returns a message or undefined. */
function shapeError<E>(
  N: number,
  w: number,
  inputs: readonly CiphertextRow<E>[],
  outputs: readonly CiphertextRow<E>[],
  p: ShuffleProof<E>,
): [string, string] | undefined {
  if (N < 1) return ['inputs', 'no rows to shuffle'];
  if (w < 1 || inputs.some((row) => !Array.isArray(row) || row.length !== w))
    return ['inputs', 'rows differ in width'];
  if (outputs.length !== N) return ['outputs', `expected ${N} rows, got ${outputs.length}`];
  if (outputs.some((row) => !Array.isArray(row) || row.length !== w))
    return ['outputs', `rows must have width ${w}`];
  const vectors: [string, readonly unknown[] | undefined, number][] = [
    ['proof.c', p.c, N],
    ['proof.cHat', p.cHat, N],
    ['proof.tHat', p.tHat, N],
    ['proof.sHat', p.sHat, N],
    ['proof.sPrime', p.sPrime, N],
    ['proof.t4', p.t4, w],
    ['proof.s4', p.s4, w],
  ];
  for (const [field, v, n] of vectors) {
    if (!Array.isArray(v) || v.length !== n) return [field, `expected ${n} entries`];
  }
  if (p.t1 === undefined || p.t2 === undefined || p.t3 === undefined)
    return ['proof.t1', 'missing commitment'];
  return undefined;
}

/** M2: every response is a scalar in Z_q. */
function scalarError<E>(q: bigint, p: ShuffleProof<E>): string | undefined {
  for (const f of ['s1', 's2', 's3'] as const) if (!inZq(p[f], q)) return `proof.${f}`;
  for (const [f, v] of [
    ['s4', p.s4],
    ['sHat', p.sHat],
    ['sPrime', p.sPrime],
  ] as const) {
    for (let i = 0; i < v.length; i++) if (!inZq(v[i], q)) return `proof.${f}[${i}]`;
  }
  return undefined;
}

/** Fresh 128-bit odd weights from the CSPRNG (drawn 4096 at a time: randomBytes takes ≤ 64 KiB). */
export function batchWeights(n: number): bigint[] {
  const out: bigint[] = new Array<bigint>(n);
  for (let start = 0; start < n; start += 4096) {
    const m = Math.min(4096, n - start);
    const bytes = randomBytes(16 * m);
    for (let i = 0; i < m; i++) out[start + i] = bytesToBigint(bytes.subarray(16 * i, 16 * i + 16)) | 1n;
  }
  return out;
}

/**
 * Verifies a proof that `outputs` is a re-encryption shuffle of `inputs` under K
 * (spec/mixnet.md §5, M1–M9). All elements must be decoded group members (the JSON codec
 * checks membership, M2 of the record).
 * @param K - the election public key
 * @param session - H_mix (32 bytes)
 * @returns the failed checks (numbered M1–M9), empty when the proof is valid; never throws on bad data
 */
export function verifyShuffle<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  outputs: readonly CiphertextRow<E>[],
  proof: ShuffleProof<E>,
  options: VerifyShuffleOptions<E> = {},
): readonly Finding[] {
  try {
    return verifyUnguarded(G, K, session, inputs, outputs, proof, options);
  } catch {
    // only reachable with values that are not group elements (undecoded data)
    return fail('M2', (options.where ?? '') + 'proof', 'a value is not a decoded group element');
  }
}

function verifyUnguarded<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  outputs: readonly CiphertextRow<E>[],
  proof: ShuffleProof<E>,
  options: VerifyShuffleOptions<E>,
): readonly Finding[] {
  const at = options.where ?? '';
  const q = G.q;
  const N = Array.isArray(inputs) ? inputs.length : 0;
  const w = N > 0 && Array.isArray(inputs[0]) ? inputs[0].length : 0;
  const shape = shapeError(N, w, inputs, outputs, proof);
  if (shape) return fail('M1', at + shape[0], shape[1]);
  const bad = scalarError(q, proof);
  if (bad) return fail('M2', at + bad, 'not a scalar in Z_q');
  if (!(session instanceof Uint8Array) || session.length !== 32)
    return fail('M3', at + 'session', 'session hash must be 32 bytes');

  // M3: generators from the session; M4: the challenges
  const gens =
    options.generators && options.generators.h.length >= N
      ? options.generators
      : shuffleGenerators(G, session, N);
  const h = gens.h.length === N ? gens.h : gens.h.slice(0, N);
  const rho = statementHash(G, K, session, gens.seed, inputs, outputs);
  const { tau, u } = challengeVector(G, rho, proof.c);
  const c = finalChallenge(G, tau, proof);
  let uProd = 1n;
  for (const x of u) uProd = mod(uProd * x, q);

  if (batchHolds(G, K, gens.h0, h, inputs, outputs, proof, u, uProd, c)) return [];

  // Name the false equations, one at a time.
  const failures: Finding[] = [];
  for (const e of equations(G, K, gens.h0, h, inputs, outputs, proof, u, uProd, c)) {
    if (!G.equals(G.multiExp(e.rhsBases, e.rhsExps), e.lhs)) {
      failures.push({ check: e.check, where: at + e.where, message: e.message });
      if (failures.length >= 20) break;
    }
  }
  if (failures.length >= Math.min(20, 5 + 2 * w + N)) {
    // Every equation is false: the challenges differ from the prover's, so the statement (key,
    // session, inputs, outputs) or a commitment is not the one the proof was made for.
    return fail(
      'M5',
      at + 'proof',
      'no verification equation holds: the statement or a commitment differs from what was proved',
    );
  }
  if (failures.length === 0) {
    failures.push({
      check: 'M5',
      where: at + 'proof',
      message: 'batch equation false (no single equation isolated)',
    });
  }
  return failures;
}

/**
 * M5–M9 at once: Σ_e z_e·(rhs_e − lhs_e) = 0 in additive notation, with fresh random weights z_e
 * and the coefficients of each base merged (g, K, h_0, c_j, h_i, ĉ_i appear in several
 * equations), so that the multi-exponentiation has (4 + 4w)·N + 4 + 2w bases (§5.2).
 * A false equation passes with probability at most 2^-127.
 */
function batchHolds<E>(
  G: Group<E>,
  K: E,
  h0: E,
  h: readonly E[],
  inputs: readonly CiphertextRow<E>[],
  outputs: readonly CiphertextRow<E>[],
  p: ShuffleProof<E>,
  u: readonly bigint[],
  uProd: bigint,
  c: bigint,
): boolean {
  const N = inputs.length;
  const w = inputs[0]!.length;
  const ex = batchExponents(G.q, N, w, p, u, uProd, c);
  const bases: E[] = [G.g, K, h0, p.t1, p.t2, p.t3];
  for (let k = 0; k < w; k++) bases.push(p.t4[k]!.alpha, p.t4[k]!.beta);
  const exps: bigint[] = [...ex.fixed];
  for (let j = 0; j < N; j++) {
    bases.push(p.c[j]!, h[j]!);
    for (const ct of inputs[j]!) bases.push(ct.alpha, ct.beta);
    for (const ct of outputs[j]!) bases.push(ct.alpha, ct.beta);
    bases.push(p.cHat[j]!, p.tHat[j]!);
    for (const e of ex.rows[j]!) exps.push(e);
  }
  return G.equals(G.multiExp(bases, exps), G.one);
}

/** One verification equation lhs = ∏ rhsBases^rhsExps. */
interface Equation<E> {
  readonly check: string;
  readonly where: string;
  readonly message: string;
  readonly lhs: E;
  readonly rhsBases: E[];
  readonly rhsExps: bigint[];
}

/**
 * The equations M5–M9 (§5) with c̄, ĉ, c̃, A_k, B_k expanded into their bases, so that the batch
 * is a single multi-exponentiation:
 *   M5  t_1 = (∏c_j / ∏h_i)^c · g^{s_1}
 *   M6  t_2 = (ĉ_N / h_0^{∏u_j})^c · g^{s_2}
 *   M7  t_3 = (∏c_j^{u_j})^c · g^{s_3} · ∏h_i^{s'_i}
 *   M8  t_{4,k} = ((∏α_{j,k}^{u_j})^c·g^{−s_{4,k}}·∏α'_{i,k}^{s'_i}, (∏β_{j,k}^{u_j})^c·K^{−s_{4,k}}·∏β'_{i,k}^{s'_i})
 *   M9  t̂_i = ĉ_i^c · g^{ŝ_i} · ĉ_{i−1}^{s'_i}, ĉ_0 = h_0
 */
function equations<E>(
  G: Group<E>,
  K: E,
  h0: E,
  h: readonly E[],
  inputs: readonly CiphertextRow<E>[],
  outputs: readonly CiphertextRow<E>[],
  p: ShuffleProof<E>,
  u: readonly bigint[],
  uProd: bigint,
  c: bigint,
): Equation<E>[] {
  const q = G.q;
  const N = inputs.length;
  const w = inputs[0]!.length;
  const negC = q - c;
  const out: Equation<E>[] = [];
  out.push({
    check: 'M5',
    where: 'proof.t1',
    message: 'the permutation commitment does not open to a sum of all generators (t_1)',
    lhs: p.t1,
    rhsBases: [...p.c, ...h, G.g],
    rhsExps: [...p.c.map(() => c), ...h.map(() => negC), p.s1],
  });
  out.push({
    check: 'M6',
    where: 'proof.t2',
    message: 'the commitment chain does not end in the product of the challenges (t_2)',
    lhs: p.t2,
    rhsBases: [p.cHat[N - 1]!, h0, G.g],
    rhsExps: [c, mod(-c * uProd, q), p.s2],
  });
  out.push({
    check: 'M7',
    where: 'proof.t3',
    message: 'the permutation commitment is inconsistent with the challenge vector (t_3)',
    lhs: p.t3,
    rhsBases: [...p.c, G.g, ...h],
    rhsExps: [...u.map((x) => mod(c * x, q)), p.s3, ...p.sPrime],
  });
  const cu = u.map((x) => mod(c * x, q));
  for (let k = 0; k < w; k++) {
    const col = (rows: readonly CiphertextRow<E>[], f: keyof Ciphertext<E>) => rows.map((row) => row[k]![f]);
    const t4 = p.t4[k]!;
    out.push({
      check: 'M8',
      where: `proof.t4[${k}].alpha`,
      message: `outputs are not a re-encryption of the permuted inputs (column ${k}, α)`,
      lhs: t4.alpha,
      rhsBases: [...col(inputs, 'alpha'), G.g, ...col(outputs, 'alpha')],
      rhsExps: [...cu, q - p.s4[k]!, ...p.sPrime],
    });
    out.push({
      check: 'M8',
      where: `proof.t4[${k}].beta`,
      message: `outputs are not a re-encryption of the permuted inputs (column ${k}, β)`,
      lhs: t4.beta,
      rhsBases: [...col(inputs, 'beta'), K, ...col(outputs, 'beta')],
      rhsExps: [...cu, q - p.s4[k]!, ...p.sPrime],
    });
  }
  for (let i = 0; i < N; i++) {
    out.push({
      check: 'M9',
      where: `proof.tHat[${i}]`,
      message: `commitment chain link ${i} is false`,
      lhs: p.tHat[i]!,
      rhsBases: [p.cHat[i]!, G.g, i === 0 ? h0 : p.cHat[i - 1]!],
      rhsExps: [c, p.sHat[i]!, p.sPrime[i]!],
    });
  }
  return out;
}
