/**
 * The stage of `evident-trustee mix` made on files (spec/mixnet.md §7.5, §8.7, spec/server-api.md
 * §7.5): the rows to shuffle are a file in a work folder beside the stage file (`inputs.bin`, or
 * the last earlier stage's `outputs.bin`), the streamed prover writes the outputs and the proof's files there (chunks of rows in the
 * worker threads: memory O(chunk · threads), not O(N)), the guardian signs the content digest
 * computed over those files, and the stage file is written from them a chunk at a time. The work
 * folder is removed whatever happens; the stage file appears only when complete.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type Group,
  type PublicKey,
  mixStageStatement,
  signGuardianStatement,
  signatureHex,
} from '@evident/e2e-crypto';
import { type TaskRunner, shuffleAndProveStream, shufflePaths } from '@evident/e2e-crypto/mixnet-parallel';
import { type MixStageHead, stageDirContentSha256, writeMixStageFromFiles } from '@evident/record';

/** What the stage needs besides the rows. */
export interface StageJob<E> {
  readonly G: Group<E>;
  readonly pk: PublicKey<E>;
  /** H_mix of the contest */
  readonly session: Uint8Array;
  /** H_E, for the signed statement */
  readonly hE: Uint8Array;
  readonly head: MixStageHead;
  /** the guardian's Ed25519 signing secret */
  readonly signingSecret: Uint8Array;
  /** the mixnet task runner (worker threads, or this thread) */
  readonly runner: TaskRunner;
}

/** A work folder beside `out` (same file system: no large files in a RAM-backed /tmp). */
export function stageWorkDir(out: string): string {
  return mkdtempSync(join(dirname(resolve(out)), '.evident-mix-'));
}

/**
 * Shuffles and proves the N rows of the file `inputs` into the folder `dir`, signs the stage over
 * its files and writes the stage file `out`.
 */
export async function proveStageOnFiles<E>(
  job: StageJob<E>,
  dir: string,
  inputs: string,
  N: number,
  w: number,
  out: string,
): Promise<void> {
  const { G, head } = job;
  await shuffleAndProveStream(job.runner, G, job.pk, job.session, shufflePaths(dir, inputs), dir, N, w);
  const statement = {
    ...mixStageStatement(job.hE, head.contestId, head.stage, head.guardian.x, undefined, undefined),
    contentSha256: stageDirContentSha256(dir, G.elementLength, w),
  };
  const signature = signatureHex(signGuardianStatement(job.signingSecret, statement));
  writeMixStageFromFiles(out, dir, G.elementLength, w, head, signature);
}

/** Removes the work folder. */
export function removeWorkDir(work: string): void {
  rmSync(work, { recursive: true, force: true });
}
