/**
 * The stage of `evident-trustee mix` made on files (spec/mixnet.md §7.5, spec/server-api.md
 * §7.5): the rows to shuffle are written to `inputs.bin` in a work folder beside the stage file,
 * the streamed prover writes the outputs and the proof's files there (chunks of rows in the
 * worker threads: memory O(chunk · threads), not O(N)), the guardian signs the content digest
 * computed over those files, and the stage file is written from them a chunk at a time. The work
 * folder is removed whatever happens; the stage file appears only when complete.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type CiphertextRow,
  type Group,
  type PublicKey,
  mixStageStatement,
  signGuardianStatement,
  signatureHex,
} from '@evident/e2e-crypto';
import {
  appendRows,
  createPool,
  shuffleAndProveStream,
  shufflePaths,
} from '@evident/e2e-crypto/mixnet-parallel';
import { type MixStageHead, stageDirContentSha256, writeMixStageFromFiles } from '@evident/record';

/** Rows encoded per write of `inputs.bin`. */
const ROWS_PER_WRITE = 4096;

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
  /** worker threads (0: this thread) */
  readonly threads: number;
}

/** A work folder beside `out` (same file system: no large files in a RAM-backed /tmp). */
export function stageWorkDir(out: string): string {
  return mkdtempSync(join(dirname(resolve(out)), '.evident-mix-'));
}

/**
 * Writes the rows to `<work>/inputs.bin` (§7.5 layout), a chunk of rows at a time.
 * @returns N and w
 */
export function writeInputRows<E>(
  G: Group<E>,
  work: string,
  rows: readonly CiphertextRow<E>[],
): { N: number; w: number } {
  const path = shufflePaths(work).inputs;
  appendRows(G, path, [], false);
  for (let a = 0; a < rows.length; a += ROWS_PER_WRITE)
    appendRows(G, path, rows.slice(a, a + ROWS_PER_WRITE));
  return { N: rows.length, w: rows[0]!.length };
}

/**
 * Shuffles and proves the N rows of `<work>/inputs.bin` into `work`, signs the stage over its
 * files and writes the stage file `out`.
 */
export async function proveStageOnFiles<E>(
  job: StageJob<E>,
  work: string,
  N: number,
  w: number,
  out: string,
): Promise<void> {
  const { G, head } = job;
  const pool = await createPool(job.threads);
  try {
    await shuffleAndProveStream(pool, G, job.pk, job.session, shufflePaths(work), work, N, w);
  } finally {
    await pool.close();
  }
  const statement = {
    ...mixStageStatement(job.hE, head.contestId, head.stage, head.guardian.x, undefined, undefined),
    contentSha256: stageDirContentSha256(work, G.elementLength, w),
  };
  const signature = signatureHex(signGuardianStatement(job.signingSecret, statement));
  writeMixStageFromFiles(out, work, G.elementLength, w, head, signature);
}

/** Removes the work folder. */
export function removeWorkDir(work: string): void {
  rmSync(work, { recursive: true, force: true });
}
