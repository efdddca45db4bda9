/**
 * The `ranked` decryption request of version 2 at the server (spec/mixnet.md §8.8,
 * spec/server-api.md §7.5): the entry names every ranked contest's last stage, whose
 * `outputs.bin` the store keeps already (./stage-file-store.ts) bound by the stage entries'
 * digests; the request file and its digest are written from them a chunk at a time by
 * @evident/record (`rankedRequestDigest`, `writeRankedRequest`: one source with the guardians and
 * the verifier's L3.L) — here, the store's chunks and the errors as the API's.
 * @module
 */
import { groupByName } from '@evident/e2e-crypto';
import {
  fileChunks,
  isRankedRequestEntry,
  RANKED_REQUEST_VERSION,
  rankedRequestDigest as recordRequestDigest,
  writeRankedRequest as recordWriteRequest,
  type OutputChunks,
  type RankedRequestEntry,
  type RankedRequestPart,
} from '@evident/record';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';

export { fileChunks, isRankedRequestEntry, RANKED_REQUEST_VERSION };
export type { OutputChunks, RankedRequestEntry, RankedRequestPart };

/** An outputs.bin of the wrong size (a RangeError of @evident/record) is the server's fault. */
function internal(e: unknown): unknown {
  return e instanceof RangeError ? new ApiError('EVD_ERR_INTERNAL', e.message) : e;
}

/**
 * The request's digest and item count (@evident/record `rankedRequestDigest`).
 * @throws {ApiError} EVD_ERR_INTERNAL when an outputs.bin does not hold rows · w ciphertexts
 */
export async function rankedRequestDigest(
  ...args: Parameters<typeof recordRequestDigest>
): Promise<{ digest: string; items: number }> {
  try {
    return await recordRequestDigest(...args);
  } catch (e) {
    throw internal(e);
  }
}

/**
 * Writes the request file of a version-2 entry (@evident/record `writeRankedRequest`).
 * @throws {ApiError} EVD_ERR_INTERNAL when an outputs.bin does not hold rows · w ciphertexts
 */
export async function writeRankedRequest(...args: Parameters<typeof recordWriteRequest>): Promise<void> {
  try {
    await recordWriteRequest(...args);
  } catch (e) {
    throw internal(e);
  }
}

/** Chunks of the `outputs.bin` the store keeps for the stage of entry `logIndex`, a few at a time. */
export async function* storedChunks(
  store: Store,
  electionId: string,
  logIndex: number,
): AsyncIterable<Uint8Array> {
  const batch = 4;
  for (let seq = 0; ;) {
    const chunks = await store.stageFileChunks(electionId, logIndex, 'outputs.bin', seq, batch);
    if (seq === 0 && chunks.length === 0)
      throw new ApiError(
        'EVD_ERR_INTERNAL',
        `the store holds no outputs.bin of the mix stage at entry ${logIndex}`,
      );
    yield* chunks;
    seq += chunks.length;
    if (chunks.length < batch) return;
  }
}

/** The request file of a version-2 entry as one text (the routes' cache and the upload checks). */
export async function rankedRequestText(
  ctx: ServerContext,
  electionId: string,
  e: RankedRequestEntry,
  L: number,
): Promise<string> {
  const parts: string[] = [];
  await writeRankedRequest(
    e,
    L,
    (p) => storedChunks(ctx.store, electionId, p.logIndex),
    (t) => parts.push(t),
  );
  return parts.join('');
}

/**
 * The request file a `decryption-request` entry stands for: its `request` (version 1), or the
 * file written from the stages it names (version 2).
 * @throws {ApiError} EVD_ERR_INTERNAL when the election or a stage's outputs are missing
 */
export async function requestJsonAt(
  ctx: ServerContext,
  electionId: string,
  logIndex: number,
): Promise<Record<string, unknown>> {
  const entry = await boardEntry(ctx, electionId, logIndex);
  if (!isRankedRequestEntry(entry)) return entry.request as Record<string, unknown>;
  const e = await ctx.store.getElection(electionId);
  if (!e) throw new ApiError('EVD_ERR_INTERNAL', `no election ${electionId}`);
  const L = groupByName(e.profile).elementLength;
  return JSON.parse(
    await rankedRequestText(ctx, electionId, entry as unknown as RankedRequestEntry, L),
  ) as Record<string, unknown>;
}
