/**
 * The `ranked` request's digest (spec/mixnet.md §8.8) as a task of the one worker pool, like the
 * stage checks (./stage-check.ts): hashing every ciphertext of every contest's last outputs as
 * the request's JSON items takes ~12 µs an item — 11 CPU-seconds at 900,000 items — which in the
 * writer job of the last stage held every other write (casts too) that long, and on the event
 * loop would keep every request waiting. The task reads the outputs from files (the last stage's
 * upload folder, and the other contests' stored outputs copied beside it), a slice at a time, and
 * lets other work run between slices when it runs inline (the inline verifier). The digest is
 * @evident/record's `rankedRequestDigest`: the same bytes as when it was computed in the job.
 * @module
 */
import { fileChunks, rankedRequestDigest, type RankedRequestPart } from '@evident/record';
import type { CheckFailure } from '../verify/check-batches.js';

/** Bytes hashed between two turns of the event loop: ~1,000 ristretto255 items, ~12 ms. */
export const REQUEST_SLICE_BYTES = 1 << 16;

/** The request to hash: plain data, cloned into the worker. */
export interface RequestDigestTask {
  readonly ceremonyId: string;
  readonly maxValue: number;
  /** bytes per group element */
  readonly L: number;
  readonly parts: readonly RankedRequestPart[];
  /** each part's `outputs.bin`, in the parts' order */
  readonly files: readonly string[];
}

/** The request's digest (upper-case hex) and item count. */
export interface RequestDigest {
  readonly digest: string;
  readonly items: number;
}

/** A file's chunks, a turn of the event loop between two. */
async function* yielding(path: string): AsyncIterable<Uint8Array> {
  for await (const c of fileChunks(path, REQUEST_SLICE_BYTES)) {
    yield c;
    await new Promise<void>((ok) => setImmediate(ok));
  }
}

/**
 * Hashes the request of `t` (the pool task `checkUpload`, round `ranked-request`).
 * @returns the digest, or an EVD_ERR_INTERNAL failure when an outputs file does not hold
 *   rows · w ciphertexts (the store's fault, never the upload's)
 */
export async function requestDigestOf(t: RequestDigestTask): Promise<RequestDigest | CheckFailure> {
  try {
    return await rankedRequestDigest(t.ceremonyId, t.maxValue, t.parts, t.L, (p) =>
      yielding(t.files[t.parts.indexOf(p)]!),
    );
  } catch (e) {
    if (e instanceof RangeError) return { check: 'EVD_ERR_INTERNAL', where: '', message: e.message };
    throw e;
  }
}
