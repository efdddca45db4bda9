/**
 * The Fiat–Shamir hashes of the shuffle proof (spec/mixnet.md §4.3): the statement hash ρ, the
 * challenge vector u_1..u_N and the challenge c. Every hash covers the whole statement — group,
 * parameters, key, session, generators' seed, all inputs, all outputs — and every commitment
 * sent before the challenge it yields.
 * @module
 */
import { bytesToBigint, u32 } from '../bytes.js';
import type { Group } from '../group/group.js';
import { domain, H, hashToScalar, lengthPrefixed, str } from '../hash/hash.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeElement } from './encoding-cache.js';
import { MIX_DOMAIN } from './generators.js';
import type { CiphertextRow } from './shuffle.js';
import type { Ciphertext } from '../elgamal/elgamal.js';

/** The concatenated encodings of `xs` in one buffer (no argument spreading: N may be large). */
export function encodeAll<E>(G: Group<E>, xs: readonly E[]): Uint8Array {
  const L = G.elementLength;
  const out = new Uint8Array(xs.length * L);
  for (let i = 0; i < xs.length; i++) out.set(encodeElement(G, xs[i]!), i * L);
  return out;
}

/** Rows flattened in hash order: α_{1,1}, β_{1,1}, …, α_{1,w}, β_{1,w}, α_{2,1}, … (§1.2). */
export function flattenRows<E>(rows: readonly CiphertextRow<E>[]): E[] {
  const out: E[] = [];
  for (const row of rows) for (const ct of row) out.push(ct.alpha, ct.beta);
  return out;
}

/**
 * ρ = H(H_mix; 0x62, name, version, params, K, gen, N, w, inputs, outputs) — §4.3 eq F1.
 */
export function statementHash<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  genSeed: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  outputs: readonly CiphertextRow<E>[],
): Uint8Array {
  const w = inputs[0]?.length ?? 0;
  return statementHashOfBytes(
    G,
    encodeElement(G, K),
    session,
    genSeed,
    inputs.length,
    w,
    encodeAll(G, flattenRows(inputs)),
    encodeAll(G, flattenRows(outputs)),
  );
}

/** ρ (F1) from the encodings: K, and the rows flattened in hash order (§1.2). */
export function statementHashOfBytes<E>(
  G: Group<E>,
  Kbytes: Uint8Array,
  session: Uint8Array,
  genSeed: Uint8Array,
  N: number,
  w: number,
  inputBytes: Uint8Array,
  outputBytes: Uint8Array,
): Uint8Array {
  return H(
    session,
    domain(MIX_DOMAIN.statement),
    str(G.name),
    str(G.version),
    lengthPrefixed(G.parameterBytes),
    Kbytes,
    genSeed,
    u32(N),
    u32(w),
    inputBytes,
    outputBytes,
  );
}

/**
 * τ = H(ρ; 0x63, c_1..c_N) and u_j = the first 16 bytes of H(τ; 0x64, b(j, 4)) as an integer,
 * j = 1..N — §4.3 eq F2, F3. 128-bit challenges suffice (soundness error ≈ N·2^-128) and halve
 * the work of the products that use them.
 */
export function challengeVector<E>(
  G: Group<E>,
  rho: Uint8Array,
  c: readonly E[],
): { tau: Uint8Array; u: bigint[] } {
  return challengeVectorOfBytes(rho, encodeAll(G, c), c.length);
}

/** τ and u_1..u_N (F2, F3) from the concatenated encodings of c_1..c_N. */
export function challengeVectorOfBytes(
  rho: Uint8Array,
  cBytes: Uint8Array,
  N: number,
): { tau: Uint8Array; u: bigint[] } {
  const tau = H(rho, domain(MIX_DOMAIN.challengeSeed), cBytes);
  // HMAC keyed once with τ and fed the domain byte, then copied per j (= hmacSha256(τ, 0x64, b(j, 4)))
  const keyed = hmac.create(sha256, tau).update(domain(MIX_DOMAIN.challengeVector));
  const u: bigint[] = new Array<bigint>(N);
  for (let j = 0; j < N; j++)
    u[j] = bytesToBigint(
      keyed
        .clone()
        .update(u32(j + 1))
        .digest()
        .subarray(0, 16),
    );
  return { tau, u };
}

/** The commitments of the second round, hashed into c. */
export interface SecondRound<E> {
  readonly cHat: readonly E[];
  readonly t1: E;
  readonly t2: E;
  readonly t3: E;
  readonly t4: readonly Ciphertext<E>[];
  readonly tHat: readonly E[];
}

/** c = H(τ; 0x65, ĉ_1..ĉ_N, t_1, t_2, t_3, t_{4,1}..t_{4,w}, t̂_1..t̂_N) as a scalar — §4.3 eq F4. */
export function finalChallenge<E>(G: Group<E>, tau: Uint8Array, m: SecondRound<E>): bigint {
  const t4: E[] = [];
  for (const t of m.t4) t4.push(t.alpha, t.beta);
  return finalChallengeOfBytes(
    G,
    tau,
    encodeAll(G, m.cHat),
    encodeAll(G, [m.t1, m.t2, m.t3, ...t4]),
    encodeAll(G, m.tHat),
  );
}

/** c (F4) from the encodings: ĉ_1..ĉ_N; t_1, t_2, t_3, t_{4,1}.α, t_{4,1}.β, …; t̂_1..t̂_N. */
export function finalChallengeOfBytes<E>(
  G: Group<E>,
  tau: Uint8Array,
  cHatBytes: Uint8Array,
  tBytes: Uint8Array,
  tHatBytes: Uint8Array,
): bigint {
  return hashToScalar(G, H(tau, domain(MIX_DOMAIN.challenge), cHatBytes, tBytes, tHatBytes));
}
