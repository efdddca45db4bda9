/**
 * The chunk tasks of the streamed mixnet (spec/mixnet.md §7.4) as sent to a worker thread: only
 * numbers, strings (file paths) and byte arrays. Secret material travels only in `secret`, which
 * the runner transfers (never copies) and the task zeroes once read. Browser-safe (types only).
 * @module
 */

/** The files of one shuffle (./shuffle-files.ts), as paths. */
export interface ShufflePaths {
  readonly inputs: string;
  readonly outputs: string;
  readonly c: string;
  readonly cHat: string;
  readonly tHat: string;
  readonly sHat: string;
  readonly sPrime: string;
}

/** What every chunk task names: the group, the shape, the rows [from, from + count). */
interface ChunkTask {
  readonly group: string;
  readonly paths: ShufflePaths;
  readonly N: number;
  readonly w: number;
  readonly from: number;
  readonly count: number;
}

/**
 * Prover, first pass over rows i in the chunk: outputs e'_i = e_{π(i)}·(g^{r_i}, K^{r_i}),
 * c_{π(i)} = g^{rc_{π(i)}}·h_i, and the chunk's factors of t_3 and t_4 (§4.2 P2, P6, S1).
 */
export interface ProveRowsTask extends ChunkTask {
  readonly kind: 'prove-rows';
  /** K's encoding and the generators' seed gen */
  readonly K: Uint8Array;
  readonly seed: Uint8Array;
  /** π(i) for the chunk's rows */
  readonly pi: Uint32Array;
  /** the 32-byte key of the witness stream (./witness-stream.ts); zeroed once read */
  readonly secret: Uint8Array;
}
export interface ProveRowsResult {
  /** encoding of ∏ h_i^{ω'_i} over the chunk */
  readonly t3: Uint8Array;
  /** encodings of ∏ α'_{i,k}^{ω'_i}, ∏ β'_{i,k}^{ω'_i}, k = 1..w */
  readonly t4: Uint8Array;
}

/**
 * Prover, second pass: the chain ĉ_i, t̂_i of the chunk from R, P at its start (§4.2 P4, P5),
 * and the chunk's parts of the sums in the responses (P8).
 */
export interface ProveChainTask extends ChunkTask {
  readonly kind: 'prove-chain';
  readonly seed: Uint8Array;
  readonly tau: Uint8Array;
  readonly pi: Uint32Array;
  /** key of the witness stream ∥ R_{from−1} ∥ P_{from−1} (32-byte big-endian); zeroed once read */
  readonly secret: Uint8Array;
}
export interface ProveChainResult {
  /** Σ rc_{π(i)}, Σ rc_{π(i)}·u'_i, then Σ r_{i,k}·u'_i for k = 1..w, over the chunk, mod q, 32 bytes each (secret) */
  readonly sums: Uint8Array;
}

/** Prover, third pass: the responses ŝ_i and s'_i of the chunk (§4.2 P8). */
export interface ProveResponsesTask extends ChunkTask {
  readonly kind: 'prove-responses';
  readonly tau: Uint8Array;
  readonly pi: Uint32Array;
  /** the challenge c, 32 bytes */
  readonly challenge: Uint8Array;
  /** the key of the witness stream; zeroed once read */
  readonly secret: Uint8Array;
}

/**
 * Verifier: the chunk's share of the batched equation of M5–M9 (§5.2): decodes (membership) every
 * element of its rows, reads the responses, derives u_j and h_j, and multiplies out
 * ∏ base^exponent over the chunk's (4 + 4w) bases per row.
 */
export interface VerifyRowsTask extends ChunkTask {
  readonly kind: 'verify-rows';
  readonly seed: Uint8Array;
  readonly tau: Uint8Array;
  /** the challenge c, then the weights z_1, z_2, z_3, z_{α,1..w}, z_{β,1..w}: 32 bytes each */
  readonly scalars: Uint8Array;
  /** the key of the verifier's weight stream y_j (fresh from the CSPRNG, never the prover's) */
  readonly weightKey: Uint8Array;
  /**
   * the scope (./kept-rows.ts) in which this thread keeps the generators and the decoded output
   * rows for the chain's next stage, and takes the inputs the previous stage kept; none: nothing
   * is kept (a chain whose tasks run on other threads)
   */
  readonly keep?: string;
}
export type VerifyRowsResult =
  | {
      readonly ok: true;
      /** encoding of the chunk's partial product */
      readonly sum: Uint8Array;
      /** ∏ u_j and Σ y_j·ŝ_j over the chunk, mod q, 32 bytes each */
      readonly uProd: Uint8Array;
      readonly gPart: Uint8Array;
    }
  | {
      readonly ok: false;
      readonly file: keyof ShufflePaths;
      readonly index: number;
      readonly message: string;
    };

/** One stage of a {@link VerifyChainRowsTask}: its files, τ and fresh weights as in verify-rows. */
export interface ChainRowsStage {
  readonly paths: ShufflePaths;
  readonly tau: Uint8Array;
  /** the stage's challenge c, then its weights z_1, z_2, z_3, z_{α,1..w}, z_{β,1..w}: 32 bytes each */
  readonly scalars: Uint8Array;
  /** the key of the stage's weight stream y_j (fresh from the CSPRNG) */
  readonly weightKey: Uint8Array;
}

/**
 * Verifier of a chain (./chain-verify.ts): the chunk's factor of the one batch of all its stages,
 * whose inputs are the previous stage's outputs and whose generators are the same (one session).
 */
export interface VerifyChainRowsTask {
  readonly kind: 'verify-chain-rows';
  readonly group: string;
  readonly N: number;
  readonly w: number;
  readonly from: number;
  readonly count: number;
  /** the generators' seed, shared by the stages */
  readonly seed: Uint8Array;
  /** the stages in order: stage j's `paths.inputs` is stage j − 1's `paths.outputs` */
  readonly stages: readonly ChainRowsStage[];
  /** a scope of ./kept-rows.ts: the first stage's inputs are taken from it, the last outputs kept in it */
  readonly keep?: string;
}
export type VerifyChainRowsResult =
  | {
      readonly ok: true;
      /** encoding of the chunk's partial product */
      readonly sum: Uint8Array;
      /** per stage, ∏ u_j and Σ y_j·ŝ_j over the chunk, mod q, 32 bytes each */
      readonly uProd: Uint8Array;
      readonly gPart: Uint8Array;
    }
  | {
      readonly ok: false;
      readonly stage: number;
      readonly file: keyof ShufflePaths;
      readonly index: number;
      readonly message: string;
    };

/** Any task of the streamed mixnet. */
export type StreamTask =
  ProveRowsTask | ProveChainTask | ProveResponsesTask | VerifyRowsTask | VerifyChainRowsTask;

/** The result type of each task kind. */
export interface StreamResults {
  'prove-rows': ProveRowsResult;
  'prove-chain': ProveChainResult;
  'prove-responses': true;
  'verify-rows': VerifyRowsResult;
  'verify-chain-rows': VerifyChainRowsResult;
}
