/**
 * The chunk tasks of the streamed mixnet (spec/mixnet.md §7.4), run by a worker of the one pool
 * (../parallel/mix-worker.ts) or in this thread. Each reads its rows from the shuffle's files,
 * does the group work and writes its rows back at their offsets; nothing of other rows is held.
 * Secret keys and scalars arrive in `secret`, are copied out and zeroed at once. Node only.
 * @module
 */
import { bigintToBytes, bytesToBigint, concatBytes, toHex } from '../../bytes.js';
import type { FixedBase, Group } from '../../group/group.js';
import { product } from '../../elgamal/elgamal.js';
import { groupByName } from '../../group/profiles.js';
import { mod } from '../../group/scalar.js';
import { int4 } from '../../hash/hash.js';
import { GENERATOR_DST } from '../generators.js';
import { readAt, readProofRows, recordBytes, withFiles, writeAt } from './shuffle-files.js';
import type {
  ProveChainResult,
  ProveChainTask,
  ProveResponsesTask,
  ProveRowsResult,
  ProveRowsTask,
  ShufflePaths,
  StreamResults,
  StreamTask,
  VerifyRowsResult,
  VerifyRowsTask,
} from './stream-task-types.js';
import { challengesAt, STREAM, streamScalars, streamWeights } from './witness-stream.js';
import { keepRow, keptGenerator, takeRow } from './kept-rows.js';
import { verifyChainRows } from './chain-rows.js';

type E = unknown;

/** Fixed-base tables of this thread, per group and base encoding (K, h_0: public). */
const tables = new Map<string, FixedBase<E>>();
function table(G: Group<E>, enc: Uint8Array, make: () => E): FixedBase<E> {
  const id = G.name + toHex(enc);
  let t = tables.get(id);
  if (!t) {
    if (tables.size > 16) tables.clear();
    t = G.fixedBase(make());
    tables.set(id, t);
  }
  return t;
}

/** h_i = hash-to-group(gen ∥ b(i, 4)) (§2.2), i ≥ 0. */
const generator = (G: Group<E>, seed: Uint8Array, i: number): E =>
  G.hashToElement(concatBytes(seed, int4(i)), GENERATOR_DST);

const h0Table = (G: Group<E>, seed: Uint8Array): FixedBase<E> =>
  table(G, concatBytes(seed, int4(0)), () => generator(G, seed, 0));

/** Copies the secret out of the task and zeroes the task's bytes. */
function takeSecret(b: Uint8Array): Uint8Array {
  const s = b.slice();
  b.fill(0);
  return s;
}

const scalarAt = (b: Uint8Array, i: number): bigint => bytesToBigint(b.subarray(32 * i, 32 * i + 32));

/** S1, P2 and the chunk's parts of t_3, t_4 (P6). */
function proveRows(G: Group<E>, t: ProveRowsTask): ProveRowsResult {
  const { w, from: a, count: n } = t;
  const q = G.q;
  const L = G.elementLength;
  const key = takeSecret(t.secret);
  const r = streamScalars(key, STREAM.r, a * w, n * w, q);
  const rho = streamScalars(key, STREAM.rc, a, n, q);
  const oP = streamScalars(key, STREAM.omegaP, a, n, q);
  key.fill(0);
  const Kt = table(G, t.K, () => G.decode(t.K, 'K'));
  const rowB = recordBytes('inputs', L, w);
  const cols: E[][] = Array.from({ length: 2 * w }, () => new Array<E>(n));
  const hs = new Array<E>(n);
  withFiles(t.paths, { inputs: 'r', outputs: 'r+', c: 'r+' } as const, (fd) => {
    const out = new Uint8Array(n * rowB);
    for (let i = 0; i < n; i++) {
      const row = readAt(fd.inputs, t.pi[i]! * rowB, rowB);
      if (row.length !== rowB) throw new RangeError(`inputs: row ${t.pi[i]} is missing`);
      for (let k = 0; k < w; k++) {
        const x = 2 * k * L;
        const e = r[i * w + k]!;
        const alpha = G.mul(G.decode(row.subarray(x, x + L), 'inputs'), G.gExp(e));
        const beta = G.mul(G.decode(row.subarray(x + L, x + 2 * L), 'inputs'), Kt.pow(e));
        cols[2 * k]![i] = alpha;
        cols[2 * k + 1]![i] = beta;
        out.set(G.encode(alpha), i * rowB + x);
        out.set(G.encode(beta), i * rowB + x + L);
      }
      const h = generator(G, t.seed, a + i + 1);
      hs[i] = h;
      writeAt(fd.c, G.encode(G.mul(G.gExp(rho[i]!), h)), t.pi[i]! * L);
    }
    writeAt(fd.outputs, out, a * rowB);
  });
  r.fill(0n);
  rho.fill(0n);
  const t3 = G.encode(G.multiExp(hs, oP));
  const t4 = concatBytes(...cols.map((col) => G.encode(G.multiExp(col, oP))));
  oP.fill(0n);
  return { t3, t4 };
}

/** P4, P5 for the chunk, from R and P before it; the chunk's parts of the sums of P8. */
function proveChain(G: Group<E>, t: ProveChainTask): ProveChainResult {
  const { w, from: a, count: n } = t;
  const q = G.q;
  const L = G.elementLength;
  const s = takeSecret(t.secret);
  const key = s.subarray(0, 32);
  let R = scalarAt(s, 1);
  let P = scalarAt(s, 2);
  const rHat = streamScalars(key, STREAM.rHat, a, n, q);
  const oHat = streamScalars(key, STREAM.omegaHat, a, n, q);
  const oP = streamScalars(key, STREAM.omegaP, a, n, q);
  const rho = streamScalars(key, STREAM.rc, a, n, q);
  const r = streamScalars(key, STREAM.r, a * w, n * w, q);
  s.fill(0);
  const uP = challengesAt(t.tau, t.pi);
  const h0 = h0Table(G, t.seed);
  const cHat = new Uint8Array(n * L);
  const tHat = new Uint8Array(n * L);
  let sumRc = 0n;
  let sumRcU = 0n;
  const sumR = new Array<bigint>(w).fill(0n);
  for (let i = 0; i < n; i++) {
    const u = uP[i]!;
    tHat.set(G.encode(G.mul(G.gExp(mod(oHat[i]! + oP[i]! * R, q)), h0.pow(mod(oP[i]! * P, q)))), i * L);
    R = mod(rHat[i]! + u * R, q);
    P = mod(u * P, q);
    cHat.set(G.encode(G.mul(G.gExp(R), h0.pow(P))), i * L);
    sumRc += rho[i]!;
    sumRcU += rho[i]! * u;
    for (let k = 0; k < w; k++) sumR[k] = sumR[k]! + r[i * w + k]! * u;
  }
  for (const x of [rHat, oHat, oP, rho, r]) x.fill(0n);
  withFiles(t.paths, { cHat: 'r+', tHat: 'r+' } as const, (fd) => {
    writeAt(fd.cHat, cHat, a * L);
    writeAt(fd.tHat, tHat, a * L);
  });
  const sums = concatBytes(...[sumRc, sumRcU, ...sumR].map((x) => bigintToBytes(mod(x, q), 32)));
  return { sums };
}

/** P8 for the chunk: ŝ_i = ω̂_i − c·r̂_i, s'_i = ω'_i − c·u'_i. */
function proveResponses(G: Group<E>, t: ProveResponsesTask): true {
  const { from: a, count: n } = t;
  const q = G.q;
  const key = takeSecret(t.secret);
  const rHat = streamScalars(key, STREAM.rHat, a, n, q);
  const oHat = streamScalars(key, STREAM.omegaHat, a, n, q);
  const oP = streamScalars(key, STREAM.omegaP, a, n, q);
  key.fill(0);
  const ch = bytesToBigint(t.challenge);
  const uP = challengesAt(t.tau, t.pi);
  const sHat = new Uint8Array(32 * n);
  const sPrime = new Uint8Array(32 * n);
  for (let i = 0; i < n; i++) {
    sHat.set(bigintToBytes(mod(oHat[i]! - ch * rHat[i]!, q), 32), 32 * i);
    sPrime.set(bigintToBytes(mod(oP[i]! - ch * uP[i]!, q), 32), 32 * i);
  }
  for (const x of [rHat, oHat, oP]) x.fill(0n);
  withFiles(t.paths, { sHat: 'r+', sPrime: 'r+' } as const, (fd) => {
    writeAt(fd.sHat, sHat, 32 * a);
    writeAt(fd.sPrime, sPrime, 32 * a);
  });
  return true;
}

/** The chunk's factor of the batched equation (§5.2), as in ../batch-terms.ts row by row. */
function verifyRows(G: Group<E>, t: VerifyRowsTask): VerifyRowsResult {
  const { N, w, from: a, count: n } = t;
  const q = G.q;
  const L = G.elementLength;
  const [c, z1, z2, z3, ...zs] = Array.from({ length: 4 + 2 * w }, (_, i) => scalarAt(t.scalars, i)) as [
    bigint,
    bigint,
    bigint,
    bigint,
    ...bigint[],
  ];
  const za = zs.slice(0, w);
  const zb = zs.slice(w);
  const last = a + n === N;
  const rowB = recordBytes('inputs', L, w);
  const files = {
    ...readProofRows(t.paths, a, n, L, rowB, last),
    inputs: withFiles(t.paths, { inputs: 'r' } as const, (fd) => readAt(fd.inputs, a * rowB, n * rowB)),
  };
  const u = challengesAt(
    t.tau,
    Array.from({ length: n }, (_, i) => a + i),
  );
  const y = streamWeights(t.weightKey, a, last ? n : n + 1);
  // Terms with full-size exponents: h_j, α'_{j,k}, β'_{j,k}, ĉ_j. The others have short ones,
  // factored out (same product, fewer doublings): c_j^{z_1·c + z_3·c·u_j} =
  // (∏c_j)^{z_1·c}·(∏c_j^{u_j})^{z_3·c}; α_{j,k}^{z_{α,k}·c·u_j} = (∏α_{j,k}^{u_j})^{z_{α,k}·c}, β
  // alike; t̂_j^{−y_j} = (∏t̂_j^{y_j})^{−1} — 128-bit exponents u_j and y_j.
  const bases: E[] = [];
  const exps: bigint[] = [];
  const short: E[][] = Array.from({ length: 1 + 2 * w }, () => new Array<E>(n));
  const tHats = new Array<E>(n);
  let uProd = 1n;
  let gPart = 0n;
  const el = (file: 'c' | 'cHat' | 'tHat' | 'inputs' | 'outputs', off: number): E | undefined => {
    try {
      return G.decode(files[file].subarray(off, off + L), file);
    } catch {
      return undefined;
    }
  };
  const rowBytes = (file: 'inputs' | 'outputs', i: number): Uint8Array =>
    files[file].subarray(i * rowB, (i + 1) * rowB);
  const sc = (file: 'sHat' | 'sPrime', j: number): bigint | undefined => {
    const b = files[file].subarray(32 * j, 32 * j + 32);
    const x = b.length === 32 ? bytesToBigint(b) : q;
    return x < q ? x : undefined;
  };
  const notElement = (file: keyof ShufflePaths, i: number): VerifyRowsResult => ({
    ok: false,
    file,
    index: a + i,
    message: 'not the encoding of a group element',
  });
  for (let i = 0; i < n; i++) {
    const s = sc('sPrime', i);
    const sNext = last && i === n - 1 ? 0n : sc('sPrime', i + 1);
    const sh = sc('sHat', i);
    if (s === undefined || sNext === undefined)
      return {
        ok: false,
        file: 'sPrime',
        index: a + i + (s === undefined ? 0 : 1),
        message: 'not a scalar in Z_q',
      };
    if (sh === undefined) return { ok: false, file: 'sHat', index: a + i, message: 'not a scalar in Z_q' };
    const cj = el('c', i * L);
    if (cj === undefined) return notElement('c', i);
    short[0]![i] = cj;
    const kin = takeRow(t.keep, t.paths.inputs, a + i, rowBytes('inputs', i));
    for (let x = 0; x < 2 * w; x++) {
      const e = kin ? kin[x] : el('inputs', i * rowB + x * L);
      if (e === undefined) return notElement('inputs', i);
      short[1 + x]![i] = e;
    }
    bases.push(keptGenerator(t.keep, t.seed, a + i + 1, () => generator(G, t.seed, a + i + 1)));
    exps.push(mod(z3 * s - z1 * c, q));
    const outs: E[] = [];
    for (let x = 0; x < 2 * w; x++) {
      const e = el('outputs', i * rowB + x * L);
      if (e === undefined) return notElement('outputs', i);
      outs.push(e);
      bases.push(e);
      exps.push(mod((x % 2 === 0 ? za[x >> 1]! : zb[x >> 1]!) * s, q));
    }
    keepRow(t.keep, t.paths.outputs, a + i, rowBytes('outputs', i), outs);
    const ch = el('cHat', i * L);
    if (ch === undefined) return notElement('cHat', i);
    bases.push(ch);
    exps.push(mod(y[i]! * c + (last && i === n - 1 ? z2 * c : y[i + 1]! * sNext), q));
    const th = el('tHat', i * L);
    if (th === undefined) return notElement('tHat', i);
    tHats[i] = th;
    uProd = mod(uProd * u[i]!, q);
    gPart += y[i]! * sh;
  }
  const shortParts = short.map((col) => G.multiExp(col, u));
  const mults = [z3 * c, ...za.flatMap((_, k) => [za[k]! * c, zb[k]! * c])];
  // ∏c_j in one WebAssembly pass through the profile's mulMany, not n BigInt point additions
  const folded = G.multiExp(
    [...shortParts, product(G, short[0]!)],
    [...mults, z1 * c].map((x) => mod(x, q)),
  );
  const tPart = G.inv(G.multiExp(tHats, y.slice(0, n)));
  return {
    ok: true,
    sum: G.encode(G.mul(G.mul(G.multiExp(bases, exps), folded), tPart)),
    uProd: bigintToBytes(uProd, 32),
    gPart: bigintToBytes(mod(gPart, q), 32),
  };
}

/** Runs one task of the streamed mixnet in this thread. */
export function runStreamTask<T extends StreamTask>(task: T): StreamResults[T['kind']] {
  const G = groupByName(task.group) as Group<E>;
  switch (task.kind) {
    case 'prove-rows':
      return proveRows(G, task) as StreamResults[T['kind']];
    case 'prove-chain':
      return proveChain(G, task) as StreamResults[T['kind']];
    case 'prove-responses':
      return proveResponses(G, task) as StreamResults[T['kind']];
    case 'verify-rows':
      return verifyRows(G, task) as StreamResults[T['kind']];
    case 'verify-chain-rows':
      return verifyChainRows(G, task) as StreamResults[T['kind']];
    default:
      throw new RangeError('runStreamTask: unknown task kind');
  }
}
