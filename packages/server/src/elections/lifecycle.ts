/**
 * The election lifecycle (spec/server-api.md §4.1):
 *
 *   created → keys-imported → credentials-issued → open → closed → tallied → published
 *
 * `issue-credentials` may repeat before opening; every other step happens once, in order.
 * An illegal step is refused with EVD_ERR_ILLEGAL_TRANSITION and changes nothing.
 * @module
 */
import { ApiError } from '../errors.js';
import type { ElectionState } from '../store/store.js';

/** The lifecycle steps. */
export type LifecycleStep = 'import-keys' | 'issue-credentials' | 'open' | 'close' | 'tally' | 'publish';

/** For each step: the states it may start from and the state it leads to. */
export const TRANSITIONS: Readonly<
  Record<LifecycleStep, { from: readonly ElectionState[]; to: ElectionState }>
> = {
  'import-keys': { from: ['created'], to: 'keys-imported' },
  'issue-credentials': { from: ['keys-imported', 'credentials-issued'], to: 'credentials-issued' },
  open: { from: ['credentials-issued'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
  tally: { from: ['closed'], to: 'tallied' },
  publish: { from: ['tallied'], to: 'published' },
};

/**
 * The state after `step` from `state`.
 * @throws {ApiError} EVD_ERR_ILLEGAL_TRANSITION when the step is not allowed
 */
export function transition(state: ElectionState, step: LifecycleStep): ElectionState {
  const t = TRANSITIONS[step];
  if (!t.from.includes(state)) {
    throw new ApiError(
      'EVD_ERR_ILLEGAL_TRANSITION',
      `cannot ${step} an election that is ${state} (allowed from: ${t.from.join(', ')})`,
    );
  }
  return t.to;
}

/** Options kept with the election (the `config` column). */
export interface ElectionConfig {
  readonly timeZone: string;
  /** Local wall-clock closing time, or undefined for a manual close. */
  readonly closeAt?: string;
  /** The instant of `closeAt`, ms since the epoch. */
  readonly closeAtInstant?: number;
  /** Election-local wall time from which stations may count (spec/stations.md §5). */
  readonly countingStart?: string;
  /** The instant of `countingStart`, ms since the epoch. */
  readonly countingStartInstant?: number;
  /** Whether the administrator set the counting start (else the default follows the schedule). */
  readonly countingStartSet?: boolean;
  readonly requireIdentity: boolean;
  /** Set at key import: n, k, H_E, K (hex) — the public election parameters. */
  readonly guardians?: number;
  readonly quorum?: number;
  readonly extendedBaseHash?: string;
  readonly jointKey?: string;
}
