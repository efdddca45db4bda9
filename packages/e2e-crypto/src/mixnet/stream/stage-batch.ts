/**
 * The parts of a streamed shuffle's batched verification (spec/mixnet.md §5.2, §7.4) outside its
 * rows' chunks, shared by the verifier of one stage (./stream-verify.ts) and the one batch of a
 * chain's stages (./chain-verify.ts): the challenges from the files (pass 1), a stage's fresh
 * weights, and its fixed terms (g, K, h_0, t_1, t_2, t_3, t_{4,k}). Node only.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { bigintToBytes, bytesToBigint, concatBytes } from '../../bytes.js';
import type { Group } from '../../group/group.js';
import { generatorSeed } from '../generators.js';
import { batchWeights } from '../verify-shuffle.js';
import { readAt } from './shuffle-files.js';
import type { StreamProofHead } from './stream-head.js';
import { challengeSeedOfFile, finalChallengeOfFiles, statementHashOfFiles } from './stream-hash.js';
import type { ShufflePaths } from './stream-task-types.js';
import { streamWeights } from './witness-stream.js';

/** s'_1, read alone (the file's size was checked, M1; the range by the first chunk, M2). */
export function firstScalar(path: string): bigint {
  const fd = openSync(path, 'r');
  try {
    return bytesToBigint(readAt(fd, 0, 32));
  } finally {
    closeSync(fd);
  }
}

/** M3, M4 of a stage from its files (pass 1): the generators' seed, τ (the u_j's seed), c. */
export function stageChallenges<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  head: StreamProofHead<E>,
  paths: ShufflePaths,
): { seed: Uint8Array; tau: Uint8Array; c: bigint } {
  const { N, w } = head;
  const seed = generatorSeed(session);
  const rho = statementHashOfFiles(G, G.encode(K), session, seed, N, w, paths.inputs, paths.outputs);
  const tau = challengeSeedOfFile(G, rho, N, paths.c);
  const tBytes = concatBytes(
    ...[head.t1, head.t2, head.t3, ...head.t4.flatMap((t) => [t.alpha, t.beta])].map((x) => G.encode(x)),
  );
  return { seed, tau, c: finalChallengeOfFiles(G, tau, N, paths.cHat, tBytes, paths.tHat) };
}

/** A stage's batch weights, fresh from the CSPRNG (§5.2): z_1, z_2, z_3, z_{α,k}, z_{β,k}, the y_j's key. */
export interface StageWeights {
  readonly z1: bigint;
  readonly z2: bigint;
  readonly z3: bigint;
  /** z_{α,1..w} then z_{β,1..w} */
  readonly zs: readonly bigint[];
  /** the key of the stream of the y_j (./witness-stream.ts streamWeights) */
  readonly weightKey: Uint8Array;
  /** c, z_1, z_2, z_3, z_{α,k}, z_{β,k} as the tasks take them: 32 bytes each */
  readonly scalars: Uint8Array;
}

/** Fresh weights for a stage of width w whose challenge is c. */
export function stageWeights(c: bigint, w: number): StageWeights {
  const [z1, z2, z3, ...zs] = batchWeights(3 + 2 * w) as [bigint, bigint, bigint, ...bigint[]];
  const weightKey = new Uint8Array(randomBytes(32));
  const scalars = concatBytes(...[c, z1, z2, z3, ...zs].map((x) => bigintToBytes(x, 32)));
  return { z1, z2, z3, zs, weightKey, scalars };
}

/**
 * A stage's fixed terms of the batch: g, K, h_0, t_1, t_2, t_3, t_{4,k} with their exponents (not
 * reduced), given the rows' ∏ u_j and Σ y_j·ŝ_j and s'_1.
 */
export function fixedTerms<E>(
  G: Group<E>,
  K: E,
  h0: E,
  head: StreamProofHead<E>,
  c: bigint,
  wt: StageWeights,
  uProd: bigint,
  gPart: bigint,
  s0: bigint,
): { bases: E[]; exps: bigint[] } {
  const { w } = head;
  const { z1, z2, z3 } = wt;
  const za = wt.zs.slice(0, w);
  const zb = wt.zs.slice(w);
  let gE = z1 * head.s1 + z2 * head.s2 + z3 * head.s3 + gPart;
  let kE = 0n;
  for (let k = 0; k < w; k++) {
    gE -= za[k]! * head.s4[k]!;
    kE -= zb[k]! * head.s4[k]!;
  }
  const y0 = streamWeights(wt.weightKey, 0, 1)[0]!;
  const bases = [G.g, K, h0, head.t1, head.t2, head.t3, ...head.t4.flatMap((t) => [t.alpha, t.beta])];
  const exps = [
    gE,
    kE,
    -z2 * c * uProd + y0 * s0,
    -z1,
    -z2,
    -z3,
    ...head.t4.flatMap((_, k) => [-za[k]!, -zb[k]!]),
  ];
  return { bases, exps };
}
