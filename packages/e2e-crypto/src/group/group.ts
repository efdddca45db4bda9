/**
 * The group interface every protocol in Evident is written against (spec/crypto.md §1).
 *
 * Notation is multiplicative as in the ElectionGuard specification: `mul(a, b)` is the group
 * operation, `exp(a, e)` is a^e. For ristretto255, `mul` is point addition and `exp` scalar
 * multiplication. Scalars are `bigint`s in Z_q for both profiles.
 * @module
 */

/** Identifier of a group profile (spec/crypto.md §1.2, §1.3). */
export type ProfileName = 'eg-4096' | 'ristretto255';

/** How a profile publishes sigma-protocol proofs (spec/crypto.md §4). */
export type ProofForm = 'challenge' | 'commitment';

/** Precomputed powers of one fixed base: `pow(e)` is base^e, faster than {@link Group.exp}. */
export interface FixedBase<E> {
  readonly base: E;
  pow(e: bigint): E;
}

/**
 * A cyclic group of prime order q with canonical encodings.
 * Implementations are frozen objects; elements are immutable values.
 */
export interface Group<E> {
  /** Profile identifier, part of every record. */
  readonly name: ProfileName;
  /** Version string hashed into H_P (EG 2.0 eq 4): "v2.0.0" or Evident's own for ristretto255. */
  readonly version: string;
  /** Form in which proofs are published. */
  readonly proofForm: ProofForm;
  /** Prime order of the group. */
  readonly q: bigint;
  /** Byte length of an encoded element (l_p: 512 for eg-4096, 32 for ristretto255). */
  readonly elementLength: number;
  /** Byte length of an encoded scalar (l_q: 32 for both). */
  readonly scalarLength: number;
  /** The generator g. */
  readonly g: E;
  /** The identity element. */
  readonly one: E;
  /** The bytes that H_P hashes after its domain byte (EG 2.0 eq 4: b(p) ∥ b(q) ∥ b(g)). */
  readonly parameterBytes: Uint8Array;

  /** a·b. */
  mul(a: E, b: E): E;
  /** a^-1. */
  inv(a: E): E;
  /** a·b^-1. */
  div(a: E, b: E): E;
  /**
   * a·b^-1 computed with its encoding, where the profile has a faster way for a quotient that is
   * then hashed and multiplied (ristretto255: two decoded points, in WebAssembly, the result
   * affine with its encoding kept, ristretto-quotient.ts). Use {@link divForHash} (the helper
   * falls back to `div`).
   */
  readonly divEncoded?: (a: E, b: E) => E;
  /** a^e for any e ≥ 0 (reduced mod q). Not constant time in eg-4096; see the package README. */
  exp(a: E, e: bigint): E;
  /** g^e using the precomputed table for g. */
  gExp(e: bigint): E;
  /** A precomputed table for a base that will be raised to many powers (e.g. the election key K). */
  fixedBase(base: E): FixedBase<E>;
  /** ∏ bases[i]^exps[i] (multi-exponentiation). For public values only: not constant time. */
  multiExp(bases: readonly E[], exps: readonly bigint[]): E;
  /**
   * ∏ xs[i], where the profile has a faster way than repeated `mul` (ristretto255: one pass of
   * mixed additions in WebAssembly); `one` for none. For public values only: not constant time.
   * Use {@link product} (elgamal.ts) rather than calling it directly.
   */
  readonly mulMany?: (xs: readonly E[]) => E;
  /**
   * A multi-exponentiation gathered term by term, where the profile keeps terms in less memory
   * than elements and scalars (ristretto255: bytes, ristretto-msm-packed.ts): the batch
   * verification of a chunk of ballots. Use {@link msmTerms} (the helper falls back to arrays and
   * {@link multiExp}).
   */
  readonly msmTerms?: () => MsmTerms<E>;
  /** Group element equality. */
  equals(a: E, b: E): boolean;

  /** Canonical fixed-length encoding (eg-4096: b(a, 512); ristretto255: RFC 9496 encoding). */
  encode(a: E): Uint8Array;
  /**
   * Writes `encode(a)` into `out` at `at` without a copy of its own, where the profile can (a
   * message that hashes many elements: a range proof's challenge, a contest hash). Use
   * {@link encodeTo} (the helper falls back to `encode`).
   */
  readonly encodeInto?: (a: E, out: Uint8Array, at: number) => void;
  /**
   * Decodes and checks membership in the prime-order group.
   * @param field - named in the error
   * @throws {InvalidDataError} ENCODING for wrong length or a non-canonical encoding, NOT_IN_GROUP
   */
  decode(bytes: Uint8Array, field: string): E;
  /**
   * {@link decode} of bytes that become the element's, where the profile keeps an element's
   * encoding (ristretto255): no copy. The caller never reads or writes `bytes` again (e.g. the
   * array just made from a record's hex).
   */
  readonly decodeOwned?: (bytes: Uint8Array, field: string) => E;
  /** A string key for maps (equal elements give equal keys). */
  key(a: E): string;
  /** Hashes `seed` to an element whose discrete logarithm to g nobody knows (spec/crypto.md §1.5). */
  hashToElement(seed: Uint8Array, domain: string): E;
}

/**
 * The terms of a multi-exponentiation ∏ base^e, gathered one at a time. For public values only
 * (not constant time).
 */
export interface MsmTerms<E> {
  /** Adds the term base^e (e any bigint: reduced mod q; a zero exponent adds nothing). */
  add(base: E, e: bigint): void;
  /** Terms added (non-zero exponents). */
  readonly size: number;
  /** ∏ base^e over the terms added; ends the terms (add throws after it). */
  result(): E;
}

/** New {@link MsmTerms}: the profile's own (`G.msmTerms`), or arrays and `G.multiExp`. */
export function msmTerms<E>(G: Group<E>): MsmTerms<E> {
  if (G.msmTerms) return G.msmTerms();
  const bases: E[] = [];
  const exps: bigint[] = [];
  let done = false;
  return {
    add(base, e) {
      if (done) throw new RangeError('MsmTerms.add after result');
      const r = e % G.q;
      if (r === 0n) return;
      bases.push(base);
      exps.push(r < 0n ? r + G.q : r);
    },
    get size() {
      return bases.length;
    },
    result() {
      if (done) throw new RangeError('MsmTerms.result called twice');
      done = true;
      return G.multiExp(bases, exps);
    },
  };
}

/** a·b^-1 for hashing: `G.divEncoded` when the profile has it, else `G.div`. */
export function divForHash<E>(G: Group<E>, a: E, b: E): E {
  return G.divEncoded ? G.divEncoded(a, b) : G.div(a, b);
}

/** Writes `G.encode(a)` into `out` at `at` (`G.encodeInto` when the profile has it). */
export function encodeTo<E>(G: Group<E>, a: E, out: Uint8Array, at: number): void {
  if (G.encodeInto) G.encodeInto(a, out, at);
  else out.set(G.encode(a), at);
}
