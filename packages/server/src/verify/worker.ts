/**
 * The verification worker thread (spec/server-api.md §6.3): receives an election's context the
 * first time, then batches of ballots, and answers each batch with one result per ballot
 * ({@link checkBallots}: one multi-exponentiation per batch).
 * @module
 */
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { checkBallots } from './ballot-check.js';
import { electionContext, type ElectionContext } from './election-context.js';
import type { WorkerRequest, WorkerResponse } from './verifier.js';

const contexts = new Map<string, ElectionContext<unknown>>();

/** This thread's kernel id (Linux), so that the benchmark can read its CPU time in /proc. */
const tid = ((): number | undefined => {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
})();

parentPort?.on('message', (m: WorkerRequest) => {
  let answer: WorkerResponse;
  try {
    if (m.ctx) contexts.set(m.ctx.electionId, electionContext(m.ctx));
    const ctx = contexts.get(m.electionId);
    if (!ctx) throw new Error(`no context for election ${m.electionId}`);
    const counters = { rechecked: 0 };
    answer = { id: m.id, results: checkBallots(ctx, m.items, counters), rechecked: counters.rechecked, tid };
  } catch (e) {
    answer = { id: m.id, error: (e as Error).message, tid };
  }
  parentPort!.postMessage(answer);
});
