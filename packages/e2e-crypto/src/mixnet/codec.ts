/**
 * JSON codecs of shuffle data (spec/mixnet.md §1.2, §4.4): ciphertext rows and proofs with
 * elements and scalars as uppercase hex strings of fixed length (../codec/hex-json.ts). Decoding checks lengths, group
 * membership and scalar ranges, and throws {@link InvalidDataError} naming the field
 * (e.g. `stages[1].proof.cHat[17]`).
 * @module
 */
import { elementFromJson, elementToJson, scalarFromJson, scalarToJson } from '../codec/hex-json.js';
import type { Ciphertext } from '../elgamal/elgamal.js';
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import type { CiphertextRow } from './shuffle.js';
import type { ShuffleProof } from './shuffle-proof.js';

/** A ciphertext in JSON. */
export interface CiphertextJson {
  readonly alpha: string;
  readonly beta: string;
}

/** A shuffle proof in JSON (same field names as {@link ShuffleProof}). */
export interface ShuffleProofJson {
  readonly c: string[];
  readonly cHat: string[];
  readonly t1: string;
  readonly t2: string;
  readonly t3: string;
  readonly t4: CiphertextJson[];
  readonly tHat: string[];
  readonly s1: string;
  readonly s2: string;
  readonly s3: string;
  readonly s4: string[];
  readonly sHat: string[];
  readonly sPrime: string[];
}

const hexOf = elementToJson;

/** Encodes rows of ciphertexts. */
export function rowsToJson<E>(G: Group<E>, rows: readonly CiphertextRow<E>[]): CiphertextJson[][] {
  return rows.map((row) => row.map((ct) => ({ alpha: hexOf(G, ct.alpha), beta: hexOf(G, ct.beta) })));
}

/** Encodes a proof. */
export function shuffleProofToJson<E>(G: Group<E>, p: ShuffleProof<E>): ShuffleProofJson {
  const el = (x: E) => hexOf(G, x);
  const sc = scalarToJson;
  return {
    c: p.c.map(el),
    cHat: p.cHat.map(el),
    t1: el(p.t1),
    t2: el(p.t2),
    t3: el(p.t3),
    t4: p.t4.map((t) => ({ alpha: el(t.alpha), beta: el(t.beta) })),
    tHat: p.tHat.map(el),
    s1: sc(p.s1),
    s2: sc(p.s2),
    s3: sc(p.s3),
    s4: p.s4.map(sc),
    sHat: p.sHat.map(sc),
    sPrime: p.sPrime.map(sc),
  };
}

function arrayAt(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new InvalidDataError('ENCODING', field, 'expected an array');
  return v;
}

function objectAt(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InvalidDataError('ENCODING', field, 'expected an object');
  }
  return v as Record<string, unknown>;
}

/** Decodes a ciphertext. @throws {InvalidDataError} naming the field */
export function ciphertextFromJson<E>(G: Group<E>, v: unknown, field: string): Ciphertext<E> {
  const o = objectAt(v, field);
  return {
    alpha: elementFromJson(G, o.alpha, `${field}.alpha`),
    beta: elementFromJson(G, o.beta, `${field}.beta`),
  };
}

/**
 * Decodes rows of ciphertexts (each a member of the group).
 * @throws {InvalidDataError} naming the field, e.g. `inputs[4][0].beta`; VALUE for ragged rows
 */
export function rowsFromJson<E>(G: Group<E>, v: unknown, field: string): CiphertextRow<E>[] {
  const rows = arrayAt(v, field).map((row, i) =>
    arrayAt(row, `${field}[${i}]`).map((ct, k) => ciphertextFromJson(G, ct, `${field}[${i}][${k}]`)),
  );
  const w = rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== w || w === 0)
      throw new InvalidDataError('VALUE', `${field}[${i}]`, `rows must all have width ${w} ≥ 1`);
  });
  return rows;
}

/**
 * Decodes a shuffle proof.
 * @param field - the proof's location, prefixed to every field name in errors
 * @throws {InvalidDataError} naming the field
 */
export function shuffleProofFromJson<E>(G: Group<E>, v: unknown, field = 'proof'): ShuffleProof<E> {
  const o = objectAt(v, field);
  const els = (f: string) =>
    arrayAt(o[f], `${field}.${f}`).map((x, i) => elementFromJson(G, x, `${field}.${f}[${i}]`));
  const scs = (f: string) =>
    arrayAt(o[f], `${field}.${f}`).map((x, i) => scalarFromJson(G, x, `${field}.${f}[${i}]`));
  return {
    c: els('c'),
    cHat: els('cHat'),
    t1: elementFromJson(G, o.t1, `${field}.t1`),
    t2: elementFromJson(G, o.t2, `${field}.t2`),
    t3: elementFromJson(G, o.t3, `${field}.t3`),
    t4: arrayAt(o.t4, `${field}.t4`).map((x, k) => ciphertextFromJson(G, x, `${field}.t4[${k}]`)),
    tHat: els('tHat'),
    s1: scalarFromJson(G, o.s1, `${field}.s1`),
    s2: scalarFromJson(G, o.s2, `${field}.s2`),
    s3: scalarFromJson(G, o.s3, `${field}.s3`),
    s4: scs('s4'),
    sHat: scs('sHat'),
    sPrime: scs('sPrime'),
  };
}
