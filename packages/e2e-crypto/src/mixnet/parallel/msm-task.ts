/**
 * The unit of parallel work of shuffle verification (spec/mixnet.md §7.2): decode a chunk of
 * encodings (checking group membership), derive a range of generators h_i from the public seed,
 * and return the encoding of ∏ base^exp over all of them. Pure and browser-safe; the Node worker
 * (./mix-worker.ts) and the in-thread runner both call {@link runMsmTask}.
 * @module
 */
import { bigintToBytes, bytesToBigint, concatBytes } from '../../bytes.js';
import type { Group } from '../../group/group.js';
import { groupByName } from '../../group/profiles.js';
import { int4 } from '../../hash/hash.js';
import { GENERATOR_DST } from '../generators.js';

/** A chunk of a multi-exponentiation, as sent to a worker (only bytes and numbers: cheap to copy). */
export interface MsmTask {
  readonly group: string;
  /** the generators' seed gen (§2.2), when the chunk includes generators */
  readonly seed?: Uint8Array;
  /** first generator index i (1-based, as in h_i) and how many */
  readonly hFrom: number;
  readonly hCount: number;
  /** concatenated element encodings to decode */
  readonly points: Uint8Array;
  /** 32-byte big-endian exponents: first the generators', then the points' */
  readonly exps: Uint8Array;
}

/** The outcome: the encoded partial product, or the index of the first encoding that failed. */
export type MsmResult =
  { readonly ok: true; readonly sum: Uint8Array } | { readonly ok: false; readonly index: number };

/** Packs scalars as 32-byte big-endian. */
export function packScalars(xs: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(32 * xs.length);
  xs.forEach((x, i) => out.set(bigintToBytes(x, 32), 32 * i));
  return out;
}

/** Runs one chunk. Never throws on bad encodings: returns the failing index instead. */
export function runMsmTask(task: MsmTask): MsmResult {
  const G = groupByName(task.group) as Group<unknown>;
  const L = G.elementLength;
  const n = task.points.length / L;
  const bases: unknown[] = [];
  for (let i = 0; i < task.hCount; i++) {
    bases.push(G.hashToElement(concatBytes(task.seed!, int4(task.hFrom + i)), GENERATOR_DST));
  }
  for (let i = 0; i < n; i++) {
    try {
      bases.push(G.decode(task.points.subarray(i * L, (i + 1) * L), 'point'));
    } catch {
      return { ok: false, index: i };
    }
  }
  const exps: bigint[] = new Array<bigint>(bases.length);
  for (let i = 0; i < bases.length; i++) exps[i] = bytesToBigint(task.exps.subarray(32 * i, 32 * i + 32));
  return { ok: true, sum: G.encode(G.multiExp(bases, exps)) };
}
