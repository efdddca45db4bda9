/**
 * What every ballot, tally and challenged-ballot check needs: the group, the election key K,
 * the extended base hash H_E and the manifest's contests (spec/verification-eg2.md §3).
 *
 * {@link ContextData} is plain data (structured-clonable) so that worker threads receive it;
 * {@link makeContext} builds the group and the fixed-base table for K in each thread.
 * @module
 */
import { publicKey, type Group, type PublicKey } from '@evident/e2e-crypto';
import { acceleratedEg4096, memberTest, prepareOpenSsl } from './openssl-group.js';
import type { Eg2ManifestContest } from './record-types.js';

/** The published values the per-item checks use (after steps 1–4 have checked them). */
export interface ContextData {
  /** The record folder. */
  readonly dir: string;
  /** K, the joint election public key as published. */
  readonly K: bigint;
  /** H_E as published. */
  readonly hE: Uint8Array;
  readonly contests: readonly Eg2ManifestContest[];
}

export interface Context {
  readonly dir: string;
  readonly G: Group<bigint>;
  readonly pk: PublicKey<bigint>;
  readonly K: bigint;
  readonly hE: Uint8Array;
  /** x ∈ Z_p^r, with the same engine as G. */
  readonly member: (x: bigint) => boolean;
  /** Manifest contests by label. */
  readonly contests: ReadonlyMap<string, Eg2ManifestContest>;
}

/** Builds the context; the first call in a thread pays for the OpenSSL and K tables. */
export function makeContext(data: ContextData, G: Group<bigint> = acceleratedEg4096()): Context {
  prepareOpenSsl();
  return {
    dir: data.dir,
    G,
    member: memberTest(G),
    pk: publicKey(G, data.K),
    K: data.K,
    hE: data.hE,
    contests: new Map(data.contests.map((c) => [c.id, c])),
  };
}
