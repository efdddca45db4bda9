/**
 * JSON codecs of ranked-choice data (spec/mixnet.md §8): encrypted ranked ballots with their
 * range and write-in proofs, and decryptions of mixed rows with their Chaum–Pedersen proofs.
 * Elements and scalars are uppercase hex of fixed length (spec/mixnet.md §1.2); proofs have the
 * shapes of the election record (a/b/c/v, h/c/v). Decoding checks group membership, scalar ranges
 * and lengths and throws {@link InvalidDataError} naming the field.
 * @module
 */
import { bytesToBigint, fromHex, toHex } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import { decodeScalar, encodeScalar } from '../group/scalar.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import type { RangeProof } from '../proofs/range-proof.js';
import type { SchnorrProof } from '../proofs/schnorr.js';
import { type CiphertextJson, ciphertextFromJson, elementFromJson, rowsToJson } from '../mixnet/codec.js';
import type { RowDecryption } from '../mixnet/decryption.js';
import { encodeElement } from '../mixnet/encoding-cache.js';
import type { RankedBallot } from './ranked-ballot.js';

/** A range proof in JSON. */
export interface RangeProofJson {
  readonly a?: string[];
  readonly b?: string[];
  readonly c: string[];
  readonly v: string[];
}
/** A Schnorr proof in JSON. */
export interface SchnorrProofJson {
  readonly h?: string;
  readonly c?: string;
  readonly v: string;
}
/** A Chaum–Pedersen proof in JSON. */
export interface ChaumPedersenProofJson {
  readonly a?: string;
  readonly b?: string;
  readonly c?: string;
  readonly v: string;
}
/** An encrypted ranked ballot in JSON. */
export interface RankedBallotJson {
  readonly contestId: string;
  readonly row: CiphertextJson[];
  readonly proofs: RangeProofJson[];
  readonly writeInProofs?: SchnorrProofJson[];
}
/** One decrypted ciphertext in JSON: M and its proof. */
export interface RowDecryptionJson {
  readonly M: string;
  readonly proof: ChaumPedersenProofJson;
}

const el = <E>(G: Group<E>, x: E): string => toHex(encodeElement(G, x));
const sc = (s: bigint): string => toHex(encodeScalar(s));

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidDataError('ENCODING', field, 'expected an object');
  return v as Record<string, unknown>;
}
function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new InvalidDataError('ENCODING', field, 'expected an array');
  return v;
}
function scalar<E>(G: Group<E>, v: unknown, field: string): bigint {
  if (typeof v !== 'string') throw new InvalidDataError('ENCODING', field, 'expected a hex string');
  return decodeScalar(fromHex(v, field), G.q, field);
}
/** A challenge: 32 bytes, not reduced mod q in eg-4096 (EG 2.0 challenges are 256-bit hashes). */
function challenge(v: unknown, field: string): bigint {
  if (typeof v !== 'string') throw new InvalidDataError('ENCODING', field, 'expected a hex string');
  const b = fromHex(v, field);
  if (b.length !== 32) throw new InvalidDataError('ENCODING', field, 'expected 32 bytes');
  return bytesToBigint(b);
}
const opt = <T>(v: unknown, f: (x: unknown) => T): T | undefined => (v === undefined ? undefined : f(v));
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;

/** Encodes a range proof. */
export function rangeProofToJson<E>(G: Group<E>, p: RangeProof<E>): RangeProofJson {
  return defined({
    a: p.a?.map((x) => el(G, x)),
    b: p.b?.map((x) => el(G, x)),
    c: p.c.map(sc),
    v: p.v.map(sc),
  });
}
/** Decodes a range proof. @throws {InvalidDataError} naming the field */
export function rangeProofFromJson<E>(G: Group<E>, v: unknown, field: string): RangeProof<E> {
  const o = obj(v, field);
  const els = (f: string) =>
    arr(o[f], `${field}.${f}`).map((x, i) => elementFromJson(G, x, `${field}.${f}[${i}]`));
  return defined({
    a: opt(o.a, () => els('a')),
    b: opt(o.b, () => els('b')),
    c: arr(o.c, `${field}.c`).map((x, i) => challenge(x, `${field}.c[${i}]`)),
    v: arr(o.v, `${field}.v`).map((x, i) => scalar(G, x, `${field}.v[${i}]`)),
  });
}
/** Encodes a Schnorr proof. */
export function schnorrProofToJson<E>(G: Group<E>, p: SchnorrProof<E>): SchnorrProofJson {
  return defined({
    h: p.h === undefined ? undefined : el(G, p.h),
    c: p.c === undefined ? undefined : sc(p.c),
    v: sc(p.v),
  });
}
/** Decodes a Schnorr proof. @throws {InvalidDataError} naming the field */
export function schnorrProofFromJson<E>(G: Group<E>, v: unknown, field: string): SchnorrProof<E> {
  const o = obj(v, field);
  return defined({
    h: opt(o.h, (x) => elementFromJson(G, x, `${field}.h`)),
    c: opt(o.c, (x) => challenge(x, `${field}.c`)),
    v: scalar(G, o.v, `${field}.v`),
  });
}
/** Encodes a Chaum–Pedersen proof. */
export function chaumPedersenToJson<E>(G: Group<E>, p: ChaumPedersenProof<E>): ChaumPedersenProofJson {
  return defined({
    a: p.a === undefined ? undefined : el(G, p.a),
    b: p.b === undefined ? undefined : el(G, p.b),
    c: p.c === undefined ? undefined : sc(p.c),
    v: sc(p.v),
  });
}
/** Decodes a Chaum–Pedersen proof. @throws {InvalidDataError} naming the field */
export function chaumPedersenFromJson<E>(G: Group<E>, v: unknown, field: string): ChaumPedersenProof<E> {
  const o = obj(v, field);
  return defined({
    a: opt(o.a, (x) => elementFromJson(G, x, `${field}.a`)),
    b: opt(o.b, (x) => elementFromJson(G, x, `${field}.b`)),
    c: opt(o.c, (x) => challenge(x, `${field}.c`)),
    v: scalar(G, o.v, `${field}.v`),
  });
}

/** Encodes a ranked ballot. */
export function rankedBallotToJson<E>(G: Group<E>, b: RankedBallot<E>): RankedBallotJson {
  return defined({
    contestId: b.contestId,
    row: rowsToJson(G, [b.row])[0]!,
    proofs: b.proofs.map((p) => rangeProofToJson(G, p)),
    writeInProofs: b.writeInProofs?.map((p) => schnorrProofToJson(G, p)),
  });
}
/** Decodes a ranked ballot. @throws {InvalidDataError} naming the field, e.g. `ballots[3].row[1].beta` */
export function rankedBallotFromJson<E>(G: Group<E>, v: unknown, field: string): RankedBallot<E> {
  const o = obj(v, field);
  if (typeof o.contestId !== 'string')
    throw new InvalidDataError('ENCODING', `${field}.contestId`, 'expected a string');
  return defined({
    contestId: o.contestId,
    row: arr(o.row, `${field}.row`).map((ct, k) => ciphertextFromJson(G, ct, `${field}.row[${k}]`)),
    proofs: arr(o.proofs, `${field}.proofs`).map((p, r) => rangeProofFromJson(G, p, `${field}.proofs[${r}]`)),
    writeInProofs: opt(o.writeInProofs, (w) =>
      arr(w, `${field}.writeInProofs`).map((p, j) =>
        schnorrProofFromJson(G, p, `${field}.writeInProofs[${j}]`),
      ),
    ),
  });
}

/** Encodes decryptions of rows. */
export function rowDecryptionsToJson<E>(
  G: Group<E>,
  rows: readonly (readonly RowDecryption<E, ChaumPedersenProof<E>>[])[],
): RowDecryptionJson[][] {
  return rows.map((row) => row.map((d) => ({ M: el(G, d.M), proof: chaumPedersenToJson(G, d.proof) })));
}
/** Decodes decryptions of rows. @throws {InvalidDataError} naming the field, e.g. `rows[2][0].proof.v` */
export function rowDecryptionsFromJson<E>(
  G: Group<E>,
  v: unknown,
  field: string,
): RowDecryption<E, ChaumPedersenProof<E>>[][] {
  return arr(v, field).map((row, i) =>
    arr(row, `${field}[${i}]`).map((d, k) => {
      const o = obj(d, `${field}[${i}][${k}]`);
      return {
        M: elementFromJson(G, o.M, `${field}[${i}][${k}].M`),
        proof: chaumPedersenFromJson(G, o.proof, `${field}[${i}][${k}].proof`),
      };
    }),
  );
}
