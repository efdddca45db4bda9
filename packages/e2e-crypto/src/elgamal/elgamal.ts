/**
 * Exponential ElGamal as in ElectionGuard 2.0 (EG 2.0 §3.3.1, eq 24; spec/crypto.md §5):
 * Enc(σ, ξ) = (α, β) = (g^ξ, K^(σ+ξ)). The plaintext sits in the exponent of the election key K,
 * so that ciphertexts multiply to an encryption of the sum (eq 62).
 * @module
 */
import type { FixedBase, Group } from '../group/group.js';
import { randomScalar } from '../group/scalar.js';

/** An ElGamal ciphertext (α, β). */
export interface Ciphertext<E> {
  readonly alpha: E;
  readonly beta: E;
}

/** The election public key K with a precomputed table for its powers. */
export interface PublicKey<E> {
  readonly K: E;
  /** K^e, from the fixed-base table. */
  pow(e: bigint): E;
}

/** Wraps K (already checked for membership) with a fixed-base table. */
export function publicKey<E>(G: Group<E>, K: E): PublicKey<E> {
  const table: FixedBase<E> = G.fixedBase(K);
  return Object.freeze({ K, pow: (e: bigint) => table.pow(e) });
}

/**
 * Enc(σ, ξ) = (g^ξ, K^(σ+ξ)) — EG 2.0 eq 24.
 * @param sigma - the plaintext, a small non-negative integer
 * @param xi - the nonce ξ in Z_q; drawn from the CSPRNG when omitted
 */
export function encrypt<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  sigma: bigint | number,
  xi: bigint = randomScalar(G.q),
): Ciphertext<E> {
  const s = BigInt(sigma);
  if (s < 0n) throw new RangeError('encrypt: sigma must be non-negative');
  return { alpha: G.gExp(xi), beta: pk.pow(s + xi) };
}

/** Component-wise product: an encryption of the sum of the plaintexts (EG 2.0 eq 62). */
export function add<E>(G: Group<E>, a: Ciphertext<E>, b: Ciphertext<E>): Ciphertext<E> {
  return { alpha: G.mul(a.alpha, b.alpha), beta: G.mul(a.beta, b.beta) };
}

/** ∏ xs[i]; `G.one` for none. Through the profile's `mulMany` when it has one. */
export function product<E>(G: Group<E>, xs: readonly E[]): E {
  // below ~6 elements the set-up of one WebAssembly pass costs more than it saves
  if (G.mulMany && xs.length >= 6) return G.mulMany(xs);
  let r = G.one;
  for (const x of xs) r = G.mul(r, x);
  return r;
}

/** The product of many ciphertexts; the encryption of 0 with nonce 0 for an empty list. */
export function sum<E>(G: Group<E>, cs: Iterable<Ciphertext<E>>): Ciphertext<E> {
  const alphas: E[] = [];
  const betas: E[] = [];
  for (const c of cs) {
    alphas.push(c.alpha);
    betas.push(c.beta);
  }
  return { alpha: product(G, alphas), beta: product(G, betas) };
}

/** Re-encryption with fresh randomness ξ': (α·g^ξ', β·K^ξ'), the same plaintext. */
export function reencrypt<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  c: Ciphertext<E>,
  xi: bigint = randomScalar(G.q),
): Ciphertext<E> {
  return { alpha: G.mul(c.alpha, G.gExp(xi)), beta: G.mul(c.beta, pk.pow(xi)) };
}

/**
 * K^σ = β · (α^s)^-1 with the secret key s (K = g^s) — EG 2.0 eq 63–64 with a single key.
 * Threshold decryption (the trustee package) replaces α^s by the combined partial decryptions.
 */
export function decryptToPower<E>(G: Group<E>, s: bigint, c: Ciphertext<E>): E {
  return G.div(c.beta, G.exp(c.alpha, s));
}

/** K^σ = β · K^-ξ: decryption by whoever knows the nonce ξ (EG 2.0 §3.6.5). */
export function decryptToPowerWithNonce<E>(G: Group<E>, pk: PublicKey<E>, c: Ciphertext<E>, xi: bigint): E {
  return G.div(c.beta, pk.pow(xi));
}

/** Ciphertext equality. */
export function ciphertextEquals<E>(G: Group<E>, a: Ciphertext<E>, b: Ciphertext<E>): boolean {
  return G.equals(a.alpha, b.alpha) && G.equals(a.beta, b.beta);
}
