/**
 * The one JSON codec of Schnorr, Chaum–Pedersen and range proofs (spec/record.md §1.2,
 * spec/crypto.md §4): used by the election record, the ranked-choice files, the trustee files and
 * the server alike. A proof has exactly the fields of its profile's form — commitment form
 * (ristretto255) `{h, v}`, `{a, b, v}`, `{a[], b[], c[], v[]}`; challenge form (eg-4096) `{c, v}`,
 * `{c, v}`, `{c[], v[]}` — so no field of a published proof escapes verification. Elements are
 * checked for group membership and every scalar, challenges included, for 0 ≤ x < q
 * (./hex-json.ts). Responses are read before commitments, so that the first bad field is named
 * the same way in every file. Decoders throw {@link InvalidDataError} naming the field (`at` is the caller's
 * prefix, e.g. `ballots[3].proofs[0]`), a name spelled only when a value is refused: a ballot's
 * proofs have hundreds of fields, nearly always valid.
 * @module
 */
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import type { RangeProof } from '../proofs/range-proof.js';
import type { SchnorrProof } from '../proofs/schnorr.js';
import { elementItemFromJson, elementToJson, scalarItemFromJson, scalarToJson } from './hex-json.js';

/** A range proof 0..R in JSON: `{a[], b[], c[], v[]}` or `{c[], v[]}`. */
export interface RangeProofJson {
  readonly a?: readonly string[];
  readonly b?: readonly string[];
  readonly c: readonly string[];
  readonly v: readonly string[];
}
/** A Schnorr proof in JSON: `{h, v}` or `{c, v}`. */
export interface SchnorrProofJson {
  readonly h?: string;
  readonly c?: string;
  readonly v: string;
}
/** A Chaum–Pedersen proof in JSON: `{a, b, v}` or `{c, v}`. */
export interface ChaumPedersenProofJson {
  readonly a?: string;
  readonly b?: string;
  readonly c?: string;
  readonly v: string;
}

/** The fields of each form's proofs, made once (only ever read). */
const CHALLENGE_FORM = ['c', 'v'];
const RANGE_COMMITMENT_FORM = ['a', 'b', 'c', 'v'];
const CHAUM_PEDERSEN_COMMITMENT_FORM = ['a', 'b', 'v'];
const SCHNORR_COMMITMENT_FORM = ['h', 'v'];

/** The object at `at`, holding only `fields`. @throws {InvalidDataError} */
function proofObject(v: unknown, at: string, fields: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InvalidDataError('ENCODING', at, 'expected an object');
  }
  let extra: string | undefined;
  for (const k in v) {
    if (Object.hasOwn(v, k) && !fields.includes(k)) {
      extra = k;
      break;
    }
  }
  if (extra !== undefined) {
    throw new InvalidDataError(
      'VALUE',
      `${at}.${extra}`,
      `not a field of this profile's proofs (${fields.join(', ')})`,
    );
  }
  return v as Record<string, unknown>;
}

/** The list `at.name`, in `at.name[i]` order. @throws {InvalidDataError} */
function scalarList<E>(G: Group<E>, v: unknown, at: string, name: string): bigint[] {
  if (!Array.isArray(v)) throw new InvalidDataError('ENCODING', `${at}.${name}`, 'expected an array');
  const out = new Array<bigint>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = scalarItemFromJson(G, v[i], at, name, i);
  return out;
}

/** The list `at.name` of elements, in `at.name[i]` order. @throws {InvalidDataError} */
function elementList<E>(G: Group<E>, v: unknown, at: string, name: string): E[] {
  if (!Array.isArray(v)) throw new InvalidDataError('ENCODING', `${at}.${name}`, 'expected an array');
  const out = new Array<E>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = elementItemFromJson(G, v[i], at, name, i);
  return out;
}

/** What an encoder needs of a proof of the profile's form. @throws {TypeError} naming the field */
function need<T>(x: T | undefined, name: string): T {
  if (x === undefined) throw new TypeError(`proof.${name}: missing for this profile's proof form`);
  return x;
}

/** Range proof → JSON of the profile's form. @throws {TypeError} when the proof lacks its form's fields */
export function rangeProofToJson<E>(G: Group<E>, p: RangeProof<E>): RangeProofJson {
  const c = p.c.map(scalarToJson);
  const v = p.v.map(scalarToJson);
  if (G.proofForm === 'challenge') return { c, v };
  const a = need(p.a, 'a').map((x) => elementToJson(G, x));
  return { a, b: need(p.b, 'b').map((x) => elementToJson(G, x)), c, v };
}

/** JSON → range proof of the profile's form. @throws {InvalidDataError} naming the field */
export function rangeProofFromJson<E>(G: Group<E>, j: unknown, at: string): RangeProof<E> {
  if (G.proofForm === 'challenge') {
    const o = proofObject(j, at, CHALLENGE_FORM);
    return { c: scalarList(G, o.c, at, 'c'), v: scalarList(G, o.v, at, 'v') };
  }
  const o = proofObject(j, at, RANGE_COMMITMENT_FORM);
  const c = scalarList(G, o.c, at, 'c');
  const v = scalarList(G, o.v, at, 'v');
  return { a: elementList(G, o.a, at, 'a'), b: elementList(G, o.b, at, 'b'), c, v };
}

/** Chaum–Pedersen proof → JSON of the profile's form. @throws {TypeError} when it lacks its form's fields */
export function chaumPedersenToJson<E>(G: Group<E>, p: ChaumPedersenProof<E>): ChaumPedersenProofJson {
  const v = scalarToJson(p.v);
  if (G.proofForm === 'challenge') return { c: scalarToJson(need(p.c, 'c')), v };
  return { a: elementToJson(G, need(p.a, 'a')), b: elementToJson(G, need(p.b, 'b')), v };
}

/** JSON → Chaum–Pedersen proof of the profile's form. @throws {InvalidDataError} naming the field */
export function chaumPedersenFromJson<E>(G: Group<E>, j: unknown, at: string): ChaumPedersenProof<E> {
  if (G.proofForm === 'challenge') {
    const o = proofObject(j, at, CHALLENGE_FORM);
    const v = scalarItemFromJson(G, o.v, at, 'v');
    return { c: scalarItemFromJson(G, o.c, at, 'c'), v };
  }
  const o = proofObject(j, at, CHAUM_PEDERSEN_COMMITMENT_FORM);
  const v = scalarItemFromJson(G, o.v, at, 'v');
  return { a: elementItemFromJson(G, o.a, at, 'a'), b: elementItemFromJson(G, o.b, at, 'b'), v };
}

/** Schnorr proof → JSON of the profile's form. @throws {TypeError} when it lacks its form's fields */
export function schnorrProofToJson<E>(G: Group<E>, p: SchnorrProof<E>): SchnorrProofJson {
  const v = scalarToJson(p.v);
  if (G.proofForm === 'challenge') return { c: scalarToJson(need(p.c, 'c')), v };
  return { h: elementToJson(G, need(p.h, 'h')), v };
}

/** JSON → Schnorr proof of the profile's form. @throws {InvalidDataError} naming the field */
export function schnorrProofFromJson<E>(G: Group<E>, j: unknown, at: string): SchnorrProof<E> {
  if (G.proofForm === 'challenge') {
    const o = proofObject(j, at, CHALLENGE_FORM);
    const v = scalarItemFromJson(G, o.v, at, 'v');
    return { c: scalarItemFromJson(G, o.c, at, 'c'), v };
  }
  const o = proofObject(j, at, SCHNORR_COMMITMENT_FORM);
  const v = scalarItemFromJson(G, o.v, at, 'v');
  return { h: elementItemFromJson(G, o.h, at, 'h'), v };
}
