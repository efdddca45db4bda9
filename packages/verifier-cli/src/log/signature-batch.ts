/**
 * L3.E (spec/bulletin-board.md §6): the credential signatures of the board's ballots, checked in
 * batches (Belenios: the board cannot stuff ballots) — in the verification's worker threads when
 * a runner is given, so that the L1 pass reads on while they are checked, else in this thread.
 * @module
 */
import type { Collector } from './log-summary.js';
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
/** Batches in flight before `add` waits: bounds memory whatever the log's size. */
const IN_FLIGHT = 8;

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
  let task: { profile: string; hE: Uint8Array; items: SignatureItem[] } | undefined;
  const results: Promise<SignatureVerdict[]>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const submit = async (): Promise<void> => {
    if (!task || task.items.length === 0) return;
    const t = task;
    task = undefined;
    if (!run) {
      results.push(Promise.resolve(checkSignatures(t)));
      return;
    }
    const p = run(t);
    results.push(p);
    const settled: Promise<unknown> = p.then(
      (): boolean => inFlight.delete(settled),
      (): boolean => inFlight.delete(settled),
    );
    inFlight.add(settled);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };
  return {
    async add(profile, hE, item) {
      if (task && (task.profile !== profile || task.hE !== hE)) await submit();
      task ??= { profile, hE, items: [] };
      task.items.push(item);
      if (task.items.length >= BATCH) await submit();
    },
    async flush() {
      await submit();
      for (const r of await Promise.all(results.splice(0))) {
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
