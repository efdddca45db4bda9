/**
 * The chunk task of a chain's one batch (spec/mixnet.md §7.4, ./chain-verify.ts): rows
 * [from, from + count) of every stage of a mix chain, each stage's batched M5–M9 (§5.2) with its
 * own fresh weights, multiplied into one product. The stages share what they can:
 *   - the generators h_i (one session, one seed): derived once, one base whose exponent is the
 *     sum of the stages' exponents;
 *   - stage j's outputs are stage j + 1's inputs (one file): decoded once, one base whose exponent
 *     is the sum of stage j's (z·s'_i) and stage j + 1's (z·c·u_i).
 * The product is the product of the stages' own factors (as ./stream-tasks.ts verifyRows makes
 * them), with the same weights: bases merged, not changed. Node only.
 * @module
 */
import { bigintToBytes, bytesToBigint, concatBytes } from '../../bytes.js';
import { product } from '../../elgamal/elgamal.js';
import { type Group, type MsmTerms, msmTerms } from '../../group/group.js';
import { mod } from '../../group/scalar.js';
import { int4 } from '../../hash/hash.js';
import { GENERATOR_DST } from '../generators.js';
import { type ProofRowFiles, readAt, readProofRows, recordBytes, withFiles } from './shuffle-files.js';
import type { ShufflePaths, VerifyChainRowsResult, VerifyChainRowsTask } from './stream-task-types.js';
import { challengesAt, streamWeights } from './witness-stream.js';
import { keepRow, takeRow } from './kept-rows.js';

type E = unknown;

/** One stage's bytes of the chunk, its scalars, challenges u_j and weights y_j. */
interface StageRows {
  readonly c: bigint;
  readonly z1: bigint;
  readonly z2: bigint;
  readonly z3: bigint;
  /** z_{α,1..w} then z_{β,1..w}, interleaved as the row's elements: α_1, β_1, α_2, … */
  readonly zx: readonly bigint[];
  readonly u: readonly bigint[];
  readonly y: readonly bigint[];
  readonly files: ProofRowFiles;
}

const scalarAt = (b: Uint8Array, i: number): bigint => bytesToBigint(b.subarray(32 * i, 32 * i + 32));

function stageRows(t: VerifyChainRowsTask, j: number, L: number, rowB: number): StageRows {
  const { w, from: a, count: n } = t;
  const st = t.stages[j]!;
  const last = a + n === t.N;
  const [c, z1, z2, z3, ...zs] = Array.from({ length: 4 + 2 * w }, (_, i) => scalarAt(st.scalars, i)) as [
    bigint,
    bigint,
    bigint,
    bigint,
    ...bigint[],
  ];
  const zx = Array.from({ length: 2 * w }, (_, x) => (x % 2 === 0 ? zs[x >> 1]! : zs[w + (x >> 1)]!));
  const files = readProofRows(st.paths, a, n, L, rowB, last);
  const u = challengesAt(
    st.tau,
    Array.from({ length: n }, (_, i) => a + i),
  );
  return { c, z1, z2, z3, zx, u, y: streamWeights(st.weightKey, a, last ? n : n + 1), files };
}

/** A failure of the chunk: the caller re-checks stage by stage to name it. */
const bad = (
  stage: number,
  file: keyof ShufflePaths,
  index: number,
  message: string,
): VerifyChainRowsResult => ({
  ok: false,
  stage,
  file,
  index,
  message,
});

/** The chunk's factor of the chain's one batch. */
export function verifyChainRows(G: Group<E>, t: VerifyChainRowsTask): VerifyChainRowsResult {
  const { N, w, from: a, count: n } = t;
  const k = t.stages.length;
  const q = G.q;
  const L = G.elementLength;
  const rowB = recordBytes('inputs', L, w);
  const last = a + n === N;
  const first = t.stages[0]!.paths.inputs;
  const inputs = withFiles(t.stages[0]!.paths, { inputs: 'r' } as const, (fd) =>
    readAt(fd.inputs, a * rowB, n * rowB),
  );
  const S = t.stages.map((_, j) => stageRows(t, j, L, rowB));
  const decode = (b: Uint8Array, off: number): E | undefined => {
    try {
      return G.decode(b.subarray(off, off + L), 'element');
    } catch {
      return undefined;
    }
  };
  const scalar = (b: Uint8Array, i: number): bigint | undefined => {
    const s = b.subarray(32 * i, 32 * i + 32);
    const x = s.length === 32 ? bytesToBigint(s) : q;
    return x < q ? x : undefined;
  };
  // full-size exponents: h_i, the rows of every stage's outputs, ĉ_i of every stage
  const full = msmTerms(G);
  // short (128-bit) ones, folded as in verifyRows: stage 0's inputs; per stage c_i and t̂_i
  const inCols = Array.from({ length: 2 * w }, () => msmTerms(G));
  const cCols = S.map(() => msmTerms(G));
  const tCols = S.map(() => msmTerms(G));
  // the c_i of each stage, multiplied once at the end (one WebAssembly pass, not n additions)
  const cAll: E[][] = S.map(() => []);
  const uProd: bigint[] = S.map(() => 1n);
  const gPart: bigint[] = S.map(() => 0n);
  for (let i = 0; i < n; i++) {
    const inBytes = inputs.subarray(i * rowB, (i + 1) * rowB);
    const kin = takeRow(t.keep, first, a + i, inBytes);
    for (let x = 0; x < 2 * w; x++) {
      const e = kin ? kin[x] : decode(inBytes, x * L);
      if (e === undefined) return bad(0, 'inputs', a + i, 'not the encoding of a group element');
      inCols[x]!.add(e, S[0]!.u[i]!);
    }
    let hE = 0n;
    for (let j = 0; j < k; j++) {
      const st = S[j]!;
      const f = st.files;
      const s = scalar(f.sPrime, i);
      const sNext = last && i === n - 1 ? 0n : scalar(f.sPrime, i + 1);
      const sh = scalar(f.sHat, i);
      if (s === undefined || sNext === undefined || sh === undefined)
        return bad(
          j,
          s === undefined || sNext === undefined ? 'sPrime' : 'sHat',
          a + i,
          'not a scalar in Z_q',
        );
      const cj = decode(f.c, i * L);
      if (cj === undefined) return bad(j, 'c', a + i, 'not the encoding of a group element');
      cCols[j]!.add(cj, st.u[i]!);
      cAll[j]!.push(cj);
      hE += st.z3 * s - st.z1 * st.c;
      const next = j + 1 < k ? S[j + 1] : undefined;
      const nextCu = next ? mod(next.c * next.u[i]!, q) : 0n;
      const outs: E[] = [];
      for (let x = 0; x < 2 * w; x++) {
        const e = decode(f.outputs, i * rowB + x * L);
        if (e === undefined) return bad(j, 'outputs', a + i, 'not the encoding of a group element');
        outs.push(e);
        // stage j's output term and, when there is one, stage j + 1's input term of the same element
        full.add(e, st.zx[x]! * s + (next ? next.zx[x]! * nextCu : 0n));
      }
      if (j === k - 1)
        keepRow(
          t.keep,
          t.stages[j]!.paths.outputs,
          a + i,
          f.outputs.subarray(i * rowB, (i + 1) * rowB),
          outs,
        );
      const ch = decode(f.cHat, i * L);
      if (ch === undefined) return bad(j, 'cHat', a + i, 'not the encoding of a group element');
      full.add(ch, st.y[i]! * st.c + (last && i === n - 1 ? st.z2 * st.c : st.y[i + 1]! * sNext));
      const th = decode(f.tHat, i * L);
      if (th === undefined) return bad(j, 'tHat', a + i, 'not the encoding of a group element');
      tCols[j]!.add(th, st.y[i]!);
      uProd[j] = mod(uProd[j]! * st.u[i]!, q);
      gPart[j] = gPart[j]! + st.y[i]! * sh;
    }
    full.add(G.hashToElement(concatBytes(t.seed, int4(a + i + 1)), GENERATOR_DST), hE);
  }
  return {
    ok: true,
    sum: G.encode(
      G.mul(
        full.result(),
        shortTerms(
          G,
          S,
          inCols,
          cCols,
          tCols,
          cAll.map((cs) => product(G, cs)),
        ),
      ),
    ),
    uProd: concatBytes(...uProd.map((x) => bigintToBytes(x, 32))),
    gPart: concatBytes(...gPart.map((x) => bigintToBytes(mod(x, q), 32))),
  };
}

/**
 * The terms with 128-bit exponents, factored: α_{i,x}^{z_x·c·u_i} = (∏α_{i,x}^{u_i})^{z_x·c} for
 * stage 0's inputs; per stage c_i^{z_1·c + z_3·c·u_i} = (∏c_i)^{z_1·c}·(∏c_i^{u_i})^{z_3·c} and
 * t̂_i^{−y_i} = (∏t̂_i^{y_i})^{−1}.
 */
function shortTerms(
  G: Group<E>,
  S: readonly StageRows[],
  inCols: readonly MsmTerms<E>[],
  cCols: readonly MsmTerms<E>[],
  tCols: readonly MsmTerms<E>[],
  cProd: readonly E[],
): E {
  const s0 = S[0]!;
  const parts: E[] = inCols.map((col) => col.result());
  const mults: bigint[] = s0.zx.map((z) => z * s0.c);
  S.forEach((st, j) => {
    parts.push(cCols[j]!.result(), cProd[j]!);
    mults.push(st.z3 * st.c, st.z1 * st.c);
  });
  let acc = G.multiExp(
    parts,
    mults.map((x) => mod(x, G.q)),
  );
  for (const col of tCols) acc = G.div(acc, col.result());
  return acc;
}
