/**
 * L3.E (spec/bulletin-board.md §6): the credential signatures of the board's ballots, checked in
 * batches (Belenios: the board cannot stuff ballots) — in the verification's worker threads when
 * a runner is given, so that the L1 pass reads on while they are checked, else in this thread.
 * @module
 */
import type { Collector } from './log-summary.js';
import { taskQueue } from './task-queue.js';
import {
  checkSignatures,
  type SignatureItem,
  type SignatureTask,
  type SignatureVerdict,
} from './signature-task.js';

/** Runs a batch somewhere (a worker thread). */
export type SignatureRunner = (task: SignatureTask) => Promise<SignatureVerdict[]>;

/** Signatures per batch: enough for one multi-scalar multiplication to pay, small enough to spread. */
const BATCH = 64;

/** The batcher of {@link signatureBatch}. */
export interface SignatureBatcher {
  /** Queues a signature of the board's election (`profile`, `hE`). */
  add(profile: string, hE: Uint8Array, item: SignatureItem): Promise<void>;
  /** Checks what is queued and reports every failure, in log order. */
  flush(): Promise<void>;
}

/**
 * L3.E in batches: in commitment form one multi-scalar multiplication per batch, and one-by-one
 * checks only to name a failing signature.
 * @param run - where batches run (default: this thread)
 */
export function signatureBatch(l3: Collector, run?: SignatureRunner): SignatureBatcher {
  const queue = taskQueue(BATCH, checkSignatures, run);
  // a batch holds the signatures of one election: a new (profile, hE) closes it
  let group: { profile: string; hE: Uint8Array } | undefined;
  return {
    add(profile, hE, item) {
      if (!group || group.profile !== profile || group.hE !== hE) group = { profile, hE };
      return queue.add(item, (items: SignatureItem[]): SignatureTask => ({ profile, hE, items }), group);
    },
    async flush() {
      for (const r of await queue.drain()) {
        for (const v of r) {
          if (v.malformed !== undefined) {
            const type = v.purpose === 'challenge' ? 'challenged-ballot' : 'ballot';
            l3.fail('L3.E', v.at, `malformed ${type} entry (${v.malformed})`);
          } else l3.fail('L3.E', `${v.at} submission.signature`, 'the credential signature does not verify');
        }
      }
    },
  };
}
