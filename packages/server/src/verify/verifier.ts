/**
 * Ballot verification off the event loop (spec/server-api.md §6.3): a pool of worker threads
 * runs {@link checkBallot}; an inline verifier does the same in the calling thread (tests, and
 * when the compiled worker file is not available).
 * @module
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkBallot, type BallotSubmission, type CheckedBallot, type CheckFailure } from './ballot-check.js';
import { electionContext, type ElectionContext, type ElectionContextData } from './election-context.js';

/** Checks ballots. */
export interface BallotVerifier {
  readonly kind: 'inline' | 'workers';
  check(ctx: ElectionContextData, sub: BallotSubmission, intent: 'cast' | 'challenge'): Promise<CheckedBallot | CheckFailure>;
  close(): Promise<void>;
}

/** Verifies in the calling thread. */
export function inlineVerifier(): BallotVerifier {
  const cache = new Map<string, ElectionContext<unknown>>();
  return {
    kind: 'inline',
    async check(data, sub, intent) {
      let ctx = cache.get(data.electionId);
      if (!ctx) cache.set(data.electionId, (ctx = electionContext(data)));
      return checkBallot(ctx, sub, intent);
    },
    async close() {},
  };
}

/** The compiled worker script, when it exists (it does not under vitest, which runs sources). */
export function workerScript(): string | undefined {
  const f = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(f) ? f : undefined;
}

interface Pending {
  resolve: (r: CheckedBallot | CheckFailure) => void;
  reject: (e: unknown) => void;
}

/**
 * A pool of `size` worker threads (default: one per core).
 * @throws {Error} when the compiled worker script is missing
 */
export function workerVerifier(size = cpus().length): BallotVerifier {
  const script = workerScript();
  if (!script) throw new Error('worker verifier: dist/verify/worker.js not found (run tsc -b)');
  const workers = Array.from({ length: Math.max(1, size) }, () => {
    const w = new Worker(script);
    const pending = new Map<number, Pending>();
    const known = new Set<string>();
    w.on('message', (m: { id: number; result?: CheckedBallot | CheckFailure; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result!);
    });
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    w.unref();
    return { w, pending, known };
  });
  let next = 0;
  let ids = 0;
  return {
    kind: 'workers',
    check(data, sub, intent) {
      // least-loaded worker
      let best = workers[next++ % workers.length]!;
      for (const x of workers) if (x.pending.size < best.pending.size) best = x;
      const id = ids++;
      return new Promise((resolve, reject) => {
        best.pending.set(id, { resolve, reject });
        const ctx = best.known.has(data.electionId) ? undefined : data;
        best.known.add(data.electionId);
        best.w.postMessage({ id, ctx, electionId: data.electionId, sub, intent });
      });
    },
    async close() {
      await Promise.all(workers.map((x) => x.w.terminate()));
    },
  };
}
