/**
 * L3.H as plain-data tasks (./entry-queue.ts): a batch of `challenged-ballot` entries with what
 * the board's own setup and key-ceremony entries say of the election (the profile, H_E, the
 * joint key K, the manifest — not the record's: L3.A compares those), checked by
 * ../challenge-openings.ts in a worker thread of the verification or in this one. Each thread
 * prepares the election once (K's exponentiation table) and keeps it while the tasks name it.
 * @module
 */
import { canonicalJsonString, groupByName, toHex, type Group, type Manifest } from '@evident/e2e-crypto';
import { checkChallengeOpening, prepareOpenings, type PreparedOpenings } from '../challenge-openings.js';
import type { EntryFinding } from './entry-queue.js';
import type { Json } from './log-summary.js';

/** Challenged-ballot entries of one election. */
export interface OpeningTask {
  readonly profile: string;
  readonly hE: Uint8Array;
  /** the encoding of the joint key K */
  readonly K: Uint8Array;
  readonly manifest: Manifest;
  readonly items: readonly { readonly entry: Json; readonly at: string }[];
}

let prepared: { key: string; openings: PreparedOpenings<unknown> } | undefined;

/** The task's election, prepared once per thread while tasks name the same one. */
function openingsOf(task: OpeningTask): PreparedOpenings<unknown> {
  const key = [task.profile, toHex(task.hE), toHex(task.K), canonicalJsonString(task.manifest)].join('\n');
  if (prepared?.key !== key) {
    const G = groupByName(task.profile) as Group<unknown>;
    const K = G.decode(task.K, 'jointKey');
    prepared = { key, openings: prepareOpenings({ G, hE: task.hE, K, manifest: task.manifest }) };
  }
  return prepared.openings;
}

/**
 * L3.H of every entry of the task.
 * @returns the failures, in task order, each `where` starting with the entry's log line
 * @throws {InvalidDataError} when K does not decode (the L1 pass decoded it before queuing)
 */
export function checkOpenings(task: OpeningTask): EntryFinding[] {
  const c = openingsOf(task);
  return task.items.flatMap(({ entry, at }) =>
    checkChallengeOpening(c, entry).map((f) => ({
      check: f.check,
      where: `${at} ${f.where}`,
      message: f.message,
    })),
  );
}
