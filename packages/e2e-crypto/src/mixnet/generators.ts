/**
 * The session of a shuffle and the independent generators h_0, h_1, …, h_N of its commitments
 * (spec/mixnet.md §2).
 *
 * The generators are derived by hashing into the group from a seed that the verifier recomputes
 * from the public session hash; a prover never supplies them. (A prover who knew log_g h_i could
 * commit to a non-permutation and forge a shuffle: the flaw found in the Swiss Post system in 2019.)
 * @module
 */
import { toHex } from '../bytes.js';
import type { Group } from '../group/group.js';
import { domain, H, int4, str } from '../hash/hash.js';
import { concatBytes } from '../bytes.js';

/** Domain-separation bytes of the mixnet (spec/mixnet.md §1.3). ElectionGuard 2.0 uses ≤ 0x43. */
export const MIX_DOMAIN = Object.freeze({
  /** H_mix = H(H_E; 0x60, label): the session of a mix (one contest, one chain). */
  session: 0x60,
  /** gen = H(H_mix; 0x61, "generators"): the generators' seed. */
  generators: 0x61,
  /** ρ = H(H_mix; 0x62, statement): the statement hash. */
  statement: 0x62,
  /** τ = H(ρ; 0x63, c_1..c_N): seed of the challenge vector. */
  challengeSeed: 0x63,
  /** u_j = H(τ; 0x64, j) truncated to 128 bits. */
  challengeVector: 0x64,
  /** c = H(τ; 0x65, ĉ, t_1..t_4, t̂): the final challenge. */
  challenge: 0x65,
  /** decryption proofs of mixed rows (single-key decryption, spec/mixnet.md §6). */
  decryption: 0x66,
});

/** The hash-to-group domain string of the generators (spec/mixnet.md §2.2). */
export const GENERATOR_DST = 'evident-mixnet-generator-v1';

/**
 * H_mix = H(H_E; 0x60, label) — the session hash of one mix (spec/mixnet.md §2.1).
 * @param hE - the extended base hash H_E (32 bytes)
 * @param label - names the mix within the election, e.g. `contest:mayor`
 */
export function mixSessionHash(hE: Uint8Array, label: string): Uint8Array {
  return H(hE, domain(MIX_DOMAIN.session), str(label));
}

/** gen = H(H_mix; 0x61, "generators") — the public seed of the generators (§2.2). */
export function generatorSeed(session: Uint8Array): Uint8Array {
  return H(session, domain(MIX_DOMAIN.generators), str('generators'));
}

/** The generators h_0 (base of the commitment chain) and h_1..h_N (§2.2). */
export interface ShuffleGenerators<E> {
  readonly seed: Uint8Array;
  readonly h0: E;
  /** h_1..h_N at indices 0..N−1 */
  readonly h: readonly E[];
}

const cache = new WeakMap<object, Map<string, E0[]>>();
type E0 = unknown;

/**
 * h_i = G.hashToElement(gen ∥ b(i, 4), "evident-mixnet-generator-v1") for i = 0..N (§2.2).
 * Results are cached per group and session (the verifier computed them itself; a chain of mixers
 * with one session derives them once).
 * @param session - H_mix (32 bytes)
 * @param N - the number of rows
 * @throws {RangeError} if N is not a positive integer or the session is not 32 bytes
 */
export function shuffleGenerators<E>(G: Group<E>, session: Uint8Array, N: number): ShuffleGenerators<E> {
  if (!Number.isSafeInteger(N) || N < 1)
    throw new RangeError('shuffleGenerators: N must be a positive integer');
  if (!(session instanceof Uint8Array) || session.length !== 32) {
    throw new RangeError('shuffleGenerators: session must be 32 bytes');
  }
  const seed = generatorSeed(session);
  let perGroup = cache.get(G);
  if (!perGroup) cache.set(G, (perGroup = new Map()));
  const key = toHex(seed);
  let list = perGroup.get(key) as E[] | undefined;
  if (!list) {
    if (perGroup.size >= 8) perGroup.clear(); // bounded: a verifier works on few sessions at once
    perGroup.set(key, (list = []));
  }
  while (list.length <= N) list.push(G.hashToElement(concatBytes(seed, int4(list.length)), GENERATOR_DST));
  return { seed, h0: list[0]!, h: list.slice(1, N + 1) };
}

/** Drops the cached generators of `G` (benchmarks: a verifier in another process has none). */
export function forgetGenerators<E>(G: Group<E>): void {
  cache.delete(G);
}
