/**
 * The batching machinery of ./ballot-check.ts, apart from the checks it batches: a check failure
 * as data, and a step whose group equations for many ballots go into one batch (one
 * multi-exponentiation, spec/crypto.md §4.4), re-run ballot by ballot only when the batch fails.
 * @module
 */
import { createBatch, isInvalidData, type Batch, type Finding, type Group } from '@evident/e2e-crypto';
import { ApiError } from '../errors.js';

/**
 * A check failure as data (so that it crosses the worker boundary): a finding whose check is
 * the coded refusal it becomes (`EVD_ERR_…`), `where` the request's field ('' for none).
 */
export interface CheckFailure extends Finding {
  readonly check: ApiError['code'];
}

/** The HTTP refusal of a failed check. */
export function refusalOf(f: CheckFailure): ApiError {
  return new ApiError(f.check, f.message, f.where || undefined);
}

/** A ballot still being checked: its index in the call and its decoded values. */
export interface Live<D> {
  readonly i: number;
  readonly d: D;
}

/**
 * One batched step of `checkBallots` (./ballot-check.ts): `step` checks its hashes at once and puts its group
 * equations into one batch for all of `live` (or checks them at once when the group has no
 * batches); if the batch fails, each ballot is checked again with a batch of its own, and a
 * failing one without a batch, which names the false equation. Failures go to `out`.
 * @returns the ballots that passed, and how many were re-checked after a failed batch
 */
export function batchedStep<E, D extends object>(
  G: Group<E>,
  live: readonly Live<D>[],
  out: (object | undefined)[],
  step: (d: D, batch: Batch<E> | undefined) => void,
): { live: Live<D>[]; rechecked: number } {
  const batch = G.proofForm === 'commitment' ? createBatch(G) : undefined;
  const run = (l: Live<D>, b: Batch<E> | undefined): boolean => {
    const r = guard(() => (step(l.d, b), l.d));
    if (isCheckFailure(r)) out[l.i] = r;
    return !isCheckFailure(r);
  };
  const passed = live.filter((l) => run(l, batch));
  if (!batch || batch.check()) return { live: passed, rechecked: 0 };
  // somebody's equation is false: find whose, without decoding again
  const again = passed.filter((l) => {
    const own = createBatch(G);
    if (!run(l, own)) return false;
    if (own.check()) return true;
    if (run(l, undefined))
      out[l.i] = { check: 'EVD_ERR_INVALID_PROOF', where: 'ballot', message: 'a proof does not verify' };
    return false;
  });
  return { live: again, rechecked: passed.length };
}

/** True when `r` is a failure. */
export function isCheckFailure<T extends object>(r: T | CheckFailure): r is CheckFailure {
  return 'check' in r && 'where' in r && 'message' in r;
}

/** Runs `f`, turning a coded refusal or bad data it throws into a {@link CheckFailure}. */
export function guard<T extends object>(f: () => T): T | CheckFailure {
  try {
    return f();
  } catch (e) {
    if (e instanceof ApiError) return { check: e.code, where: e.field ?? '', message: e.message };
    if (isInvalidData(e)) return { check: 'EVD_ERR_INVALID_DATA', where: e.field, message: e.message };
    throw e;
  }
}
