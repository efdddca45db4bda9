/**
 * JSON codecs of ranked-choice data (spec/mixnet.md §8): encrypted ranked ballots with their
 * range and write-in proofs, and decryptions of mixed rows with their Chaum–Pedersen proofs.
 * Elements, scalars and proofs are coded by the project's one codec (../codec/proof-json.ts,
 * spec/mixnet.md §1.2). Decoding checks group membership, scalar ranges and lengths and throws
 * {@link InvalidDataError} naming the field.
 * @module
 */
import { elementFromJson, elementToJson } from '../codec/hex-json.js';
import {
  type ChaumPedersenProofJson,
  type RangeProofJson,
  type SchnorrProofJson,
  chaumPedersenFromJson,
  chaumPedersenToJson,
  rangeProofFromJson,
  rangeProofToJson,
  schnorrProofFromJson,
  schnorrProofToJson,
} from '../codec/proof-json.js';
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import { type CiphertextJson, ciphertextFromJson, rowsToJson } from '../mixnet/codec.js';
import type { RowDecryption } from '../mixnet/decryption.js';
import type { RankedBallot } from './ranked-ballot.js';

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

const el = elementToJson;

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidDataError('ENCODING', field, 'expected an object');
  return v as Record<string, unknown>;
}
function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new InvalidDataError('ENCODING', field, 'expected an array');
  return v;
}
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;

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
  const contestId = o.contestId;
  const row = arr(o.row, `${field}.row`).map((ct, k) => ciphertextFromJson(G, ct, `${field}.row[${k}]`));
  const proofs = arr(o.proofs, `${field}.proofs`).map((p, r) =>
    rangeProofFromJson(G, p, `${field}.proofs[${r}]`),
  );
  if (o.writeInProofs === undefined) return { contestId, row, proofs }; // no list of entries made
  const writeInProofs = arr(o.writeInProofs, `${field}.writeInProofs`).map((p, j) =>
    schnorrProofFromJson(G, p, `${field}.writeInProofs[${j}]`),
  );
  return { contestId, row, proofs, writeInProofs };
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
  return arr(v, field).map((row, i) => {
    if (!Array.isArray(row)) throw new InvalidDataError('ENCODING', `${field}[${i}]`, 'expected an array');
    return row.map((d, k) => rowDecryptionAt(G, d, field, i, k));
  });
}

/**
 * The decryption at `field[i][k]`: decoded under the relative names `M` and `proof`, the full
 * name spelled only when a value is refused (a record has three per row, nearly always valid).
 */
function rowDecryptionAt<E>(
  G: Group<E>,
  d: unknown,
  field: string,
  i: number,
  k: number,
): RowDecryption<E, ChaumPedersenProof<E>> {
  const o = obj(d, `${field}[${i}][${k}]`);
  try {
    return { M: elementFromJson(G, o.M, 'M'), proof: chaumPedersenFromJson(G, o.proof, 'proof') };
  } catch (e) {
    if (!(e instanceof InvalidDataError)) throw e;
    const detail = e.message.slice(e.field.length + 2);
    throw new InvalidDataError(e.code, `${field}[${i}][${k}].${e.field}`, detail);
  }
}
