/**
 * The small part of a streamed proof (spec/mixnet.md §7.4), `proof-head.json`: N, w and the
 * commitments and responses that are not per row — t_1, t_2, t_3, t_{4,k}, s_1, s_2, s_3, s_{4,k} —
 * as uppercase hex like the rest of the proof (§4.4). The per-row vectors are in the files.
 * @module
 */
import { elementFromJson, elementToJson, scalarFromJson, scalarToJson } from '../../codec/hex-json.js';
import type { Ciphertext } from '../../elgamal/elgamal.js';
import { InvalidDataError } from '../../errors.js';
import type { Group } from '../../group/group.js';

/** The head of a streamed proof. */
export interface StreamProofHead<E> {
  readonly N: number;
  readonly w: number;
  readonly t1: E;
  readonly t2: E;
  readonly t3: E;
  readonly t4: readonly Ciphertext<E>[];
  readonly s1: bigint;
  readonly s2: bigint;
  readonly s3: bigint;
  readonly s4: readonly bigint[];
}

/** The head as JSON. */
export function headToJson<E>(G: Group<E>, h: StreamProofHead<E>): Record<string, unknown> {
  const el = (x: E) => elementToJson(G, x);
  return {
    N: h.N,
    w: h.w,
    t1: el(h.t1),
    t2: el(h.t2),
    t3: el(h.t3),
    t4: h.t4.map((t) => ({ alpha: el(t.alpha), beta: el(t.beta) })),
    s1: scalarToJson(h.s1),
    s2: scalarToJson(h.s2),
    s3: scalarToJson(h.s3),
    s4: h.s4.map(scalarToJson),
  };
}

/**
 * Decodes a head (group membership, scalar ranges, 1 ≤ w, 1 ≤ N < 2^32 / w).
 * @throws {InvalidDataError} naming the field, e.g. `proof-head.json: t4[0].beta`
 */
export function headFromJson<E>(G: Group<E>, v: unknown, at = 'proof-head.json: '): StreamProofHead<E> {
  const bad = (f: string, m: string) => new InvalidDataError('VALUE', at + f, m);
  if (typeof v !== 'object' || v === null) throw bad('', 'expected an object');
  const o = v as Record<string, unknown>;
  const N = o.N;
  const w = o.w;
  if (typeof w !== 'number' || !Number.isSafeInteger(w) || w < 1) throw bad('w', 'expected an integer ≥ 1');
  if (typeof N !== 'number' || !Number.isSafeInteger(N) || N < 1 || N * w >= 2 ** 32)
    throw bad('N', 'expected an integer from 1 to 2^32/w');
  const arr = (f: string): unknown[] => {
    const x = o[f];
    if (!Array.isArray(x) || x.length !== w) throw bad(f, `expected ${w} entries`);
    return x;
  };
  const ct = (x: unknown, f: string): Ciphertext<E> => {
    if (typeof x !== 'object' || x === null) throw bad(f, 'expected an object');
    const c = x as Record<string, unknown>;
    return {
      alpha: elementFromJson(G, c.alpha, at + f + '.alpha'),
      beta: elementFromJson(G, c.beta, at + f + '.beta'),
    };
  };
  return {
    N,
    w,
    t1: elementFromJson(G, o.t1, at + 't1'),
    t2: elementFromJson(G, o.t2, at + 't2'),
    t3: elementFromJson(G, o.t3, at + 't3'),
    t4: arr('t4').map((x, k) => ct(x, `t4[${k}]`)),
    s1: scalarFromJson(G, o.s1, at + 's1'),
    s2: scalarFromJson(G, o.s2, at + 's2'),
    s3: scalarFromJson(G, o.s3, at + 's3'),
    s4: arr('s4').map((x, k) => scalarFromJson(G, x, at + `s4[${k}]`)),
  };
}
