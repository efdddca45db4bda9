/**
 * The units of parallel work of the shuffle prover (spec/mixnet.md §7.3), each over a range of
 * rows: the offline factors, permutation commitment and t_3 part (`prove-offline`), encodings of
 * elements (`encode`), column multi-exponentiations for t_4 (`msm-columns`) and the commitment
 * chain ĉ_i, t̂_i from fixed bases g and h_0 (`chain`). Pure and browser-safe: the Node worker
 * (./mix-worker.ts) and the in-thread runner both call {@link runProveTask}.
 *
 * Secret inputs (nonces, ω's, the chain's exponents) arrive as byte arrays that this function
 * overwrites with zeros once read; the bigints made from them are left to the garbage collector,
 * as everywhere in this library (spec/mixnet.md §7.4).
 * @module
 */
import { concatBytes, toHex } from '../../bytes.js';
import type { FixedBase, Group } from '../../group/group.js';
import { groupByName } from '../../group/profiles.js';
import { int4 } from '../../hash/hash.js';
import { GENERATOR_DST } from '../generators.js';
import { packElements, unpackElements, unpackScalarsLE } from './raw-elements.js';

/**
 * Offline work for rows from..from+count−1 (0-based output rows i): factors (g^{r_{i,k}}, K^{r_{i,k}})
 * (S1), c_{π(i)} = g^{rc_{π(i)}}·h_{i+1} (P2) with its encoding, and ∏ h_{i+1}^{ω'_i} (P6, t_3).
 */
export interface OfflineTask {
  readonly kind: 'prove-offline';
  readonly group: string;
  /** encoding of the election key K */
  readonly K: Uint8Array;
  /** the generators' seed gen (§2.2) */
  readonly seed: Uint8Array;
  readonly from: number;
  readonly count: number;
  readonly w: number;
  /** secret, count·w scalars (LE): r_{i,k} row-major */
  readonly r: Uint8Array;
  /** secret, count scalars: rc_{π(i)} */
  readonly rc: Uint8Array;
  /** secret, count scalars: ω'_i */
  readonly omegaP: Uint8Array;
}

/** Result of an {@link OfflineTask}; elements in the internal form of ./raw-elements.ts. */
export interface OfflineResult {
  /** count·w·2: α-factor, β-factor per ciphertext, row-major */
  readonly factors: Uint8Array;
  /** count: c_{π(i)} */
  readonly c: Uint8Array;
  /** count·elementLength: encodings of the same */
  readonly cEnc: Uint8Array;
  /** one element: ∏ h_{i+1}^{ω'_i} over the range */
  readonly t3: Uint8Array;
}

/** Encodes elements given in the internal form. */
export interface EncodeTask {
  readonly kind: 'encode';
  readonly group: string;
  readonly points: Uint8Array;
}

/** ∏_rows x_{row,m}^{e_row} for each column m of a row-major matrix of elements. */
export interface MsmColumnsTask {
  readonly kind: 'msm-columns';
  readonly group: string;
  readonly columns: number;
  /** rows·columns elements, internal form */
  readonly points: Uint8Array;
  /** secret, one scalar per row (LE) */
  readonly exps: Uint8Array;
}

/** ĉ = g^{a}·h_0^{b} and t̂ = g^{c}·h_0^{d} per row (P4, P5), with their encodings. */
export interface ChainTask {
  readonly kind: 'chain';
  readonly group: string;
  readonly seed: Uint8Array;
  /** secret, 4 scalars per row (LE): R_i, P_i, ω̂_i + ω'_i·R_{i−1}, ω'_i·P_{i−1} */
  readonly exps: Uint8Array;
}

/** Result of a {@link ChainTask}. */
export interface ChainResult {
  readonly cHat: Uint8Array;
  readonly cHatEnc: Uint8Array;
  readonly tHat: Uint8Array;
  readonly tHatEnc: Uint8Array;
}

/** Any task of the prover. */
export type ProveTask = OfflineTask | EncodeTask | MsmColumnsTask | ChainTask;

/** The result type of each task kind. */
export interface ProveResults {
  'prove-offline': OfflineResult;
  encode: Uint8Array;
  'msm-columns': Uint8Array;
  chain: ChainResult;
}

/** Fixed-base tables built in this thread, by group and base (K, h_0); a few sessions at once. */
const tables = new Map<string, FixedBase<unknown>>();

function tableOf<E>(G: Group<E>, key: string, base: () => E): FixedBase<E> {
  const k = `${G.name}:${key}`;
  let t = tables.get(k) as FixedBase<E> | undefined;
  if (!t) {
    if (tables.size >= 8) tables.clear();
    t = G.fixedBase(base());
    tables.set(k, t as FixedBase<unknown>);
  }
  return t;
}

const h = <E>(G: Group<E>, seed: Uint8Array, i: number): E =>
  G.hashToElement(concatBytes(seed, int4(i)), GENERATOR_DST);

/** Reads secret scalars, then overwrites their bytes with zeros. */
function takeScalars(b: Uint8Array): bigint[] {
  const xs = unpackScalarsLE(b);
  b.fill(0);
  return xs;
}

function encodeAll<E>(G: Group<E>, xs: readonly E[]): Uint8Array {
  const L = G.elementLength;
  const out = new Uint8Array(L * xs.length);
  for (let i = 0; i < xs.length; i++) out.set(G.encode(xs[i]!), L * i);
  return out;
}

const h0Table = <E>(G: Group<E>, seed: Uint8Array): FixedBase<E> =>
  tableOf(G, 'h0:' + toHex(seed), () => h(G, seed, 0));

function offline<E>(G: Group<E>, t: OfflineTask): OfflineResult {
  const K = tableOf(G, 'K:' + toHex(t.K), () => G.decode(t.K, 'K'));
  h0Table(G, t.seed); // h_0's table is needed online (chain tasks): built here, before the inputs come
  const r = takeScalars(t.r);
  const rc = takeScalars(t.rc);
  const omegaP = takeScalars(t.omegaP);
  const factors: E[] = [];
  for (const x of r) factors.push(G.gExp(x), K.pow(x));
  const hs: E[] = new Array<E>(t.count);
  const c: E[] = new Array<E>(t.count);
  for (let i = 0; i < t.count; i++) {
    hs[i] = h(G, t.seed, t.from + i + 1);
    c[i] = G.mul(G.gExp(rc[i]!), hs[i]!);
  }
  return {
    factors: packElements(G, factors),
    c: packElements(G, c),
    cEnc: encodeAll(G, c),
    t3: packElements(G, [G.multiExp(hs, omegaP)]),
  };
}

function msmColumns<E>(G: Group<E>, t: MsmColumnsTask): Uint8Array {
  const pts = unpackElements(G, t.points);
  const exps = takeScalars(t.exps);
  const out: E[] = [];
  for (let m = 0; m < t.columns; m++) {
    const col: E[] = new Array<E>(exps.length);
    for (let i = 0; i < exps.length; i++) col[i] = pts[i * t.columns + m]!;
    out.push(G.multiExp(col, exps));
  }
  return packElements(G, out);
}

function chain<E>(G: Group<E>, t: ChainTask): ChainResult {
  const h0 = h0Table(G, t.seed);
  const e = takeScalars(t.exps);
  const n = e.length / 4;
  const cHat: E[] = new Array<E>(n);
  const tHat: E[] = new Array<E>(n);
  for (let i = 0; i < n; i++) {
    cHat[i] = G.mul(G.gExp(e[4 * i]!), h0.pow(e[4 * i + 1]!));
    tHat[i] = G.mul(G.gExp(e[4 * i + 2]!), h0.pow(e[4 * i + 3]!));
  }
  return {
    cHat: packElements(G, cHat),
    cHatEnc: encodeAll(G, cHat),
    tHat: packElements(G, tHat),
    tHatEnc: encodeAll(G, tHat),
  };
}

/**
 * Runs one task of the prover.
 * @throws {RangeError} for an unknown group or task kind (a programming error, not bad data)
 */
export function runProveTask<T extends ProveTask>(task: T): ProveResults[T['kind']] {
  const G = groupByName(task.group) as Group<unknown>;
  switch (task.kind) {
    case 'prove-offline':
      return offline(G, task) as ProveResults[T['kind']];
    case 'encode':
      return encodeAll(G, unpackElements(G, task.points)) as ProveResults[T['kind']];
    case 'msm-columns':
      return msmColumns(G, task) as ProveResults[T['kind']];
    case 'chain':
      return chain(G, task) as ProveResults[T['kind']];
    default:
      throw new RangeError(`runProveTask: unknown task kind`);
  }
}
