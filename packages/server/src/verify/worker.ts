/**
 * The verification worker module (spec/server-api.md §6.3), run by the one worker pool
 * (`@evident/e2e-crypto/worker-pool`): `checkBatch` answers a batch of ballots (bodies as text)
 * with one result per ballot ({@link checkSubmissions}: one multi-exponentiation per batch); `checkUpload` checks a
 * guardian's decryption upload (../tally/upload-checks.ts). Each worker keeps the
 * context it built per election for as long as the election's manifest and keys are the same.
 * @module
 */
import { readlinkSync } from 'node:fs';
import { checkSubmissions, prepareCastBodySchema } from './submission-text.js';
import { electionContext, type ElectionContext, type ElectionContextData } from './election-context.js';
import type { WorkerRequest, WorkerResponse } from './verifier.js';

/** A guardian's decryption upload, checked (spec/server-api.md §7.2). */
export { checkUpload } from '../tally/upload-checks.js';

const contexts = new Map<
  string,
  { readonly data: ElectionContextData; readonly ctx: ElectionContext<unknown> }
>();

/** This thread's kernel id (Linux), so that the benchmark can read its CPU time in /proc. */
const tid = ((): number | undefined => {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
})();

// the pool loads this module when a worker starts: the body's validator is compiled then
prepareCastBodySchema();

/** The context of `d`'s election, built once per manifest and keys. */
function contextOf(d: ElectionContextData): ElectionContext<unknown> {
  const hit = contexts.get(d.electionId);
  if (
    hit &&
    hit.data.manifest === d.manifest &&
    hit.data.jointKey === d.jointKey &&
    hit.data.extendedBaseHash === d.extendedBaseHash &&
    hit.data.profile === d.profile
  )
    return hit.ctx;
  const ctx = electionContext(d);
  contexts.set(d.electionId, { data: d, ctx });
  return ctx;
}

/** Checks one batch of ballots of one election. */
export function checkBatch(m: WorkerRequest): WorkerResponse {
  const counters = { rechecked: 0 };
  const results = checkSubmissions(contextOf(m.ctx), m.items, counters);
  return { results, rechecked: counters.rechecked, ...(tid !== undefined ? { tid } : {}) };
}
