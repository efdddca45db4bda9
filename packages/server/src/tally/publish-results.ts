/**
 * Publishing the results (spec/server-api.md §7.2 step 4): once every guardian of the quorum U
 * has answered every request, the files the publication reads are gathered from the board and
 * its computation — round 2 combined, the tally and the challenged ballots decrypted, the ranked
 * contests counted (./publish-task.ts) — runs in the one worker pool (inline, in a later turn of
 * the event loop, for the inline verifier), so that the server keeps answering meanwhile. Its
 * entries are posted as `tally-decryption`, `challenged-decryption`, the ranked entries, then
 * `publish`; the election moves to `published`. Each ranked contest's `decryptions.json`, written
 * by the computation to a folder of the spool, is kept by the store (in chunks, as a mix stage's
 * files) and adopted by its `ranked-decryption` entry (spec/mixnet.md §8.9).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { transition } from '../elections/lifecycle.js';
import { ApiError } from '../errors.js';
import { rankedMixes, saveRankedCounts } from '../ranked/ranked-publish.js';
import { adoptStageFiles, storeEntryFile } from '../ranked/stage-file-store.js';
import { uploadAt } from './upload-files.js';
import { isCheckFailure, refusalOf } from '../verify/check-batches.js';
import { requestEntry, setupOf, stateOf } from './decryption-setup.js';
import { requestJsonAt } from '../ranked/ranked-request.js';
import { saveDecryptionState, stagedDecryptionState } from './decryption-state.js';
import type { BoardLine, PublishRequest, PublishTask } from './publish-task.js';

/**
 * What the publication's computation is given: the setup, and the board entries it reads.
 * @param again - also once the results are published (to compute them again, in a test)
 * @returns undefined when the results are already published (and not `again`)
 * @throws {ApiError} EVD_ERR_WRONG_PHASE before every response of the quorum is in
 */
export async function publishTask(
  ctx: ServerContext,
  id: string,
  again = false,
): Promise<PublishTask | undefined> {
  const s = await setupOf(ctx, id);
  const ds = await stateOf(ctx, id);
  if (ds.done && !again) return undefined;
  if (!ds.challenge)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `round ${ds.round}'s challenge has not been issued`);
  const U = ds.challenge.U;
  const missing = U.filter((x) => ds.requests.some((q) => ds.responses[x]?.[q.kind] === undefined));
  if (missing.length > 0)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `waiting for the responses of guardians ${missing.join(', ')}`);
  const requests: PublishRequest[] = [];
  for (const r of ds.requests) {
    const partials: Record<number, Record<string, unknown>> = {};
    const responses: Record<number, Record<string, unknown>> = {};
    for (const x of U) {
      partials[x] = await uploadAt(ctx, id, ds.partials[x]!.uploads[r.kind]!.logIndex);
      responses[x] = await uploadAt(ctx, id, ds.responses[x]![r.kind]!);
    }
    const request = await requestJsonAt(ctx, id, requestEntry(ds, r.kind));
    requests.push({ kind: r.kind, request, partials, responses });
  }
  return {
    profile: s.e.profile,
    hE: toHex(s.ctx.hE),
    K: toHex(s.G.encode(s.ctx.K)),
    k: s.k,
    Ki: Object.fromEntries([...s.Ki].map(([x, Ki]) => [x, toHex(s.G.encode(Ki))])),
    quorum: U.map((x) => ({ x, id: ds.partials[x]!.id })),
    manifest: s.e.manifest,
    requests,
    ranked: await rankedMixes(ctx, s.e),
    spool: mkdtempSync(join(ctx.spoolDir, 'publish-')),
  };
}

/** Combines round 2 and posts `tally-decryption`, `challenged-decryption` and `publish` (idempotent: a retry after a crash). */
export async function publishResults(ctx: ServerContext, id: string): Promise<void> {
  const task = await publishTask(ctx, id);
  if (!task) return;
  try {
    const v = await ctx.verifier.checkUpload({ round: 'publish', task });
    if (isCheckFailure(v)) throw refusalOf(v);
    // the files the entries name by digest go to the store first, adopted by the entries' batch
    // (a crash in between leaves unadopted chunks, swept as a mix stage's, spec/mixnet.md §8.6)
    const uploads: (string | undefined)[] = [];
    for (const x of v.entries)
      uploads.push(x.file ? await storeEntryFile(ctx.store, x.file.path, x.file.name) : undefined);
    await postResults(ctx, id, v.entries, uploads);
  } finally {
    rmSync(task.spool, { recursive: true, force: true });
  }
}

/**
 * Posts the publication's entries and `publish`, unless another call did meanwhile.
 * @param uploads - per entry, the upload id of the file it names, adopted by the entry
 */
async function postResults(
  ctx: ServerContext,
  id: string,
  entries: readonly BoardLine[],
  uploads: readonly (string | undefined)[],
): Promise<void> {
  await ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    const e = await loadElection(ctx, id);
    if (!cur || cur.done) return;
    const rankedCounts: number[] = [];
    const state = transition(e.state, 'publish');
    const now = ctx.now();
    let tallyIndex = -1;
    for (const [k, x] of entries.entries()) {
      const i = tx.append(id, x.type, { ...x.fields, time: now });
      const upload = uploads[k];
      if (upload !== undefined) tx.mutate(adoptStageFiles(upload, id, i));
      if (x.type === 'tally-decryption') tallyIndex = i;
      if (x.type === 'ranked-count') rankedCounts.push(i);
    }
    await saveRankedCounts(ctx, tx, id, rankedCounts);
    tx.append(id, 'publish', { time: now });
    saveDecryptionState(tx, id, { ...cur, done: true, tallyIndex });
    tx.mutate({ kind: 'election', row: { ...e, state, updatedAt: now } });
  });
}
