/**
 * Disjunctive Chaum–Pedersen range proof that (α, β) encrypts an integer in 0..R
 * (EG 2.0 §3.3.5 eq 44–48, §3.3.8 eq 56, Verifications 5 and 6; spec/crypto.md §4.5).
 *
 * Used with R = 1 for a selection and R = L (the contest's selection limit) for the product of a
 * contest's selections. The challenge is c = H(H_E; 0x21, K, α, β, a_0, b_0, …, a_R, b_R).
 * @module
 */
import type { Ciphertext, PublicKey } from '../elgamal/elgamal.js';
import { type Group, encodeTo } from '../group/group.js';
import { mod, randomScalar } from '../group/scalar.js';
import { H } from '../hash/hash.js';
import { type Batch, checkOrDefer } from './batch.js';
import { challengeFromHash, inZq } from './challenge.js';

/**
 * A range proof: challenges c_j and responses v_j for j = 0..R; in commitment form also the
 * commitments (a_j, b_j).
 */
export interface RangeProof<E> {
  readonly c: readonly bigint[];
  readonly v: readonly bigint[];
  readonly a?: readonly E[];
  readonly b?: readonly E[];
}

/** Nonces to inject for known-answer tests: u_j for all j, c_j for j ≠ ℓ. */
export interface RangeProofNonces {
  readonly u: readonly bigint[];
  readonly c: readonly bigint[];
}

/**
 * The challenge's message is written here (grown when a proof needs more): an array of over 64
 * bytes is allocated outside V8's heap, ~10 times the cost of a view (a ballot hashes one message
 * per proof). The message is hashed at once and never kept; it holds public values only.
 */
let scratch = new Uint8Array(1024);

/** c = H(H_E; 0x21, K, α, β, a_0, b_0, …, a_R, b_R) — eq 46 / 56. */
function rangeChallenge<E>(
  G: Group<E>,
  hE: Uint8Array,
  K: E,
  ct: Ciphertext<E>,
  a: readonly E[],
  b: readonly E[],
): bigint {
  // the domain byte and every encoding written once into the one message (no list of parts, no
  // second copy by a concatenation): a ballot hashes one such message per proof
  const n = G.elementLength;
  const length = 1 + n * (3 + 2 * a.length);
  if (length > scratch.length) scratch = new Uint8Array(2 * length);
  const msg = scratch.subarray(0, length);
  msg[0] = 0x21;
  let at = 1;
  const put = (x: E): void => {
    encodeTo(G, x, msg, at); // no copy of its own (ristretto255)
    at += n;
  };
  put(K);
  put(ct.alpha);
  put(ct.beta);
  for (let j = 0; j < a.length; j++) {
    put(a[j]!);
    put(b[j]!);
  }
  return challengeFromHash(G, H(hE, msg));
}

/**
 * Proves that `ct` = (g^ξ, K^(ℓ+ξ)) encrypts ℓ ∈ 0..R.
 * @param ell - the plaintext ℓ (the prover's witness together with ξ)
 * @param xi - the encryption nonce ξ
 * @param R - the range bound (1 for a selection, L for a contest)
 * @throws {RangeError} if ℓ is not in 0..R
 */
export function proveRange<E>(
  G: Group<E>,
  hE: Uint8Array,
  pk: PublicKey<E>,
  ct: Ciphertext<E>,
  ell: number,
  xi: bigint,
  R: number,
  nonces?: RangeProofNonces,
): RangeProof<E> {
  if (!Number.isInteger(R) || R < 0) throw new RangeError('proveRange: R must be a non-negative integer');
  if (!Number.isInteger(ell) || ell < 0 || ell > R) throw new RangeError('proveRange: ell not in 0..R');
  const q = G.q;
  const u: bigint[] = [];
  const c: bigint[] = [];
  const a: E[] = [];
  const b: E[] = [];
  for (let j = 0; j <= R; j++) {
    const uj = nonces?.u[j] ?? randomScalar(q);
    u.push(uj);
    a.push(G.gExp(uj)); // eq 44, 45
    if (j === ell) {
      c.push(0n);
      b.push(pk.pow(uj)); // eq 44
    } else {
      const cj = nonces?.c[j] ?? randomScalar(q);
      c.push(cj);
      b.push(pk.pow(uj + BigInt(ell - j) * cj)); // eq 45: t_j = u_j + (ℓ − j)c_j
    }
  }
  const cAll = rangeChallenge(G, hE, pk.K, ct, a, b);
  let others = 0n;
  for (let j = 0; j <= R; j++) if (j !== ell) others += c[j]!;
  c[ell] = mod(cAll - others, q); // eq 47
  const v = u.map((uj, j) => mod(uj - c[j]! * xi, q)); // eq 48
  return G.proofForm === 'challenge' ? { c, v } : { a, b, c, v };
}

/**
 * Verifies a range proof for `ct` with bound R (Verification 5 / 6): checks (5.B) c_j ∈ Z_q (stricter than 2^256),
 * (5.C) v_j ∈ Z_q, (5.D) c = Σ c_j mod q, and the recomputed or given commitments. The
 * ciphertext's membership (5.A) is the caller's, done when it was decoded.
 * @param batch - in commitment form, defer the 2(R+1) equations to this batch
 * @returns false on any failure; never throws on well-typed data
 */
export function verifyRange<E>(
  G: Group<E>,
  hE: Uint8Array,
  pk: PublicKey<E>,
  ct: Ciphertext<E>,
  R: number,
  proof: RangeProof<E>,
  batch?: Batch<E>,
): boolean {
  const q = G.q;
  const n = R + 1;
  if (!Array.isArray(proof.c) || !Array.isArray(proof.v)) return false;
  if (!(n >= 1) || proof.c.length !== n || proof.v.length !== n) return false;
  // Stricter than EG 2.0 (5.B), which allows c_j < 2^256: c_j + q would pass and make the proof
  // malleable. Honest provers always give c_j < q (spec/crypto.md §4.5).
  if (!proof.c.every((cj) => inZq(cj, q)) || !proof.v.every((v) => inZq(v, q))) return false;
  // Σ c_j mod q: each c_j < q, so a subtraction of q per term keeps the sum below q (no division;
  // no BigInt made when a sum stays below q)
  let sum = proof.c[0]!;
  for (let j = 1; j < n; j++) {
    sum += proof.c[j]!;
    if (sum >= q) sum -= q;
  }

  if (G.proofForm === 'challenge') {
    const a: E[] = [];
    const b: E[] = [];
    for (let j = 0; j < n; j++) {
      const cj = proof.c[j]!;
      const wj = mod(proof.v[j]! - BigInt(j) * cj, q);
      a.push(G.mul(G.gExp(proof.v[j]!), G.exp(ct.alpha, cj))); // (5.1)
      b.push(G.mul(pk.pow(wj), G.exp(ct.beta, cj))); // (5.2)
    }
    const c = rangeChallenge(G, hE, pk.K, ct, a, b); // (5.3)
    return c === sum; // (5.D)
  }

  const { a, b } = proof;
  if (!a || !b || a.length !== n || b.length !== n) return false;
  const c = rangeChallenge(G, hE, pk.K, ct, a, b);
  if (c !== sum) return false;
  let ok = true;
  for (let j = 0; j < n; j++) {
    const cj = proof.c[j]!;
    // w_j = v_j − j·c_j; a batch takes it unreduced (its merged exponents are reduced mod q when
    // they become terms), which spares a BigInt reduction per equation, and none at all for j = 0
    const wj =
      j === 0
        ? proof.v[0]!
        : batch
          ? proof.v[j]! - (j === 1 ? cj : BigInt(j) * cj) // a selection's j = 1: no product
          : mod(proof.v[j]! - BigInt(j) * cj, q);
    ok = checkOrDefer(G, batch, a[j]!, [G.g, ct.alpha], [proof.v[j]!, cj]) && ok;
    ok = checkOrDefer(G, batch, b[j]!, [pk.K, ct.beta], [wj, cj]) && ok;
  }
  return ok;
}
