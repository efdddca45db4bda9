/**
 * The one JSON codec of Schnorr, Chaum–Pedersen and range proofs (spec/record.md §1.2,
 * spec/crypto.md §4): used by the election record, the ranked-choice files, the trustee files and
 * the server alike. A proof has exactly the fields of its profile's form — commitment form
 * (ristretto255) `{h, v}`, `{a, b, v}`, `{a[], b[], c[], v[]}`; challenge form (eg-4096) `{c, v}`,
 * `{c, v}`, `{c[], v[]}` — so no field of a published proof escapes verification. Elements are
 * checked for group membership and every scalar, challenges included, for 0 ≤ x < q
 * (./hex-json.ts). Responses are read before commitments, so that the first bad field is named
 * the same way in every file. Decoders throw {@link InvalidDataError} naming the field (`at` is the caller's
 * prefix, e.g. `ballots[3].proofs[0]`).
 * @module
 */
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import type { RangeProof } from '../proofs/range-proof.js';
import type { SchnorrProof } from '../proofs/schnorr.js';
import { elementFromJson, elementToJson, scalarFromJson, scalarToJson } from './hex-json.js';

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

/** The object at `at`, holding only `fields`. @throws {InvalidDataError} */
function proofObject(v: unknown, at: string, fields: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InvalidDataError('ENCODING', at, 'expected an object');
  }
  const extra = Object.keys(v).find((k) => !fields.includes(k));
  if (extra !== undefined) {
    throw new InvalidDataError(
      'VALUE',
      `${at}.${extra}`,
      `not a field of this profile's proofs (${fields.join(', ')})`,
    );
  }
  return v as Record<string, unknown>;
}

function listAt<T>(v: unknown, at: string, item: (x: unknown, field: string) => T): T[] {
  if (!Array.isArray(v)) throw new InvalidDataError('ENCODING', at, 'expected an array');
  return v.map((x, i) => item(x, `${at}[${i}]`));
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
  const sc = (x: unknown, f: string) => scalarFromJson(G, x, f);
  if (G.proofForm === 'challenge') {
    const o = proofObject(j, at, ['c', 'v']);
    return { c: listAt(o.c, `${at}.c`, sc), v: listAt(o.v, `${at}.v`, sc) };
  }
  const o = proofObject(j, at, ['a', 'b', 'c', 'v']);
  const el = (x: unknown, f: string) => elementFromJson(G, x, f);
  const c = listAt(o.c, `${at}.c`, sc);
  const v = listAt(o.v, `${at}.v`, sc);
  return { a: listAt(o.a, `${at}.a`, el), b: listAt(o.b, `${at}.b`, el), c, v };
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
    const o = proofObject(j, at, ['c', 'v']);
    const v = scalarFromJson(G, o.v, `${at}.v`);
    return { c: scalarFromJson(G, o.c, `${at}.c`), v };
  }
  const o = proofObject(j, at, ['a', 'b', 'v']);
  const v = scalarFromJson(G, o.v, `${at}.v`);
  return { a: elementFromJson(G, o.a, `${at}.a`), b: elementFromJson(G, o.b, `${at}.b`), v };
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
    const o = proofObject(j, at, ['c', 'v']);
    const v = scalarFromJson(G, o.v, `${at}.v`);
    return { c: scalarFromJson(G, o.c, `${at}.c`), v };
  }
  const o = proofObject(j, at, ['h', 'v']);
  const v = scalarFromJson(G, o.v, `${at}.v`);
  return { h: elementFromJson(G, o.h, `${at}.h`), v };
}
