/**
 * Batches of plain-data tasks checked in the verification's worker threads when a runner is
 * given, so that the L1 pass reads on while they are checked, else in this thread. The results
 * come back in the order the batches were made (log order), whichever thread ran them. The one
 * queue behind the L3.E signatures ({@link ./signature-batch.ts}) and the L3.H/L3.K entry checks
 * ({@link ./entry-queue.ts}).
 * @module
 */

/**
 * Batches in flight before `add` waits: bounds memory whatever the log's size. The batches wait
 * in the pool's queue behind the ballot pass's chunks and the ranked contests, so the bound is
 * generous — a few MB of signatures, openings and upload digests — for the L1 pass to read the
 * log while the workers are busy, instead of stopping and reading the rest after the ballot pass
 * with the workers idle.
 */
const IN_FLIGHT = 64;

/** The queue of {@link taskQueue}. */
export interface TaskQueue<T, R> {
  /**
   * Queues an item; `make` turns the batch's items into its task, `group` is what the batch's
   * items share (a change of group, by identity, closes the batch).
   */
  add<I>(item: I, make: (items: I[]) => T, group: unknown): Promise<void>;
  /** Checks what is queued; every batch's result, in the order the batches were made. */
  drain(): Promise<R[]>;
}

/**
 * A queue of batches of `size` items.
 * @param local - the check in this thread
 * @param run - where batches run (default: `local` in this thread)
 */
export function taskQueue<T, R>(
  size: number,
  local: (task: T) => R,
  run?: (task: T) => Promise<R>,
): TaskQueue<T, R> {
  let open: { items: unknown[]; make: (items: never[]) => T; group: unknown } | undefined;
  const results: Promise<R>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const submit = async (): Promise<void> => {
    if (!open || open.items.length === 0) return;
    const task = open.make(open.items as never[]);
    open = undefined;
    if (!run) {
      results.push(Promise.resolve(local(task)));
      return;
    }
    const p = run(task);
    results.push(p);
    const settled: Promise<unknown> = p.then(
      (): boolean => inFlight.delete(settled),
      (): boolean => inFlight.delete(settled),
    );
    inFlight.add(settled);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };
  return {
    async add(item, make, group) {
      if (open && open.group !== group) await submit();
      open ??= { items: [], make: make as (items: never[]) => T, group };
      open.items.push(item);
      if (open.items.length >= size) await submit();
    },
    async drain() {
      await submit();
      return Promise.all(results.splice(0));
    },
  };
}
