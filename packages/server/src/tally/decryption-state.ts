/**
 * Where a decryption stands (spec/server-api.md §7.2): which requests are open, which guardians
 * uploaded round-1 partials, the challenge and the round-2 responses. Every file itself is a board
 * entry; this state only points at them (log indices), kept in the store's `meta` table under
 * `decryption:<election>` and staged in the writer so that jobs of one batch see each other.
 * @module
 */
import { metaState } from '../store/meta-state.js';
import type { RequestKind } from '@evident/record';

/** The decryption state of one election. */
export interface DecryptionState {
  /** Round number; a failed round 2 starts round + 1 (nonces are spent). */
  round: number;
  requests: { kind: RequestKind; digest: string; logIndex: number }[];
  /** Round-1 uploads: guardian x → its name and, per request kind, the entry and session. */
  partials: Record<
    string,
    { id: string; uploads: Partial<Record<RequestKind, { logIndex: number; session: string }>> }
  >;
  /** The challenge of this round, once issued. */
  challenge?: { logIndex: number; U: number[] };
  /** Round-2 uploads: guardian x → request kind → entry. */
  responses: Record<string, Partial<Record<RequestKind, number>>>;
  /** Set once the results are published. */
  done: boolean;
  /** Log index of the `tally-decryption` entry, once published. */
  tallyIndex?: number;
}

/** The state right after tallying. */
export function initialDecryptionState(requests: DecryptionState['requests']): DecryptionState {
  return { round: 1, requests, partials: {}, responses: {}, done: false };
}

const state = metaState<DecryptionState>('decryption');

/** Reads the state (outside the writer); undefined before the tally. */
export const readDecryptionState = state.read;
/** Reads the state inside a writer job (sees what earlier jobs of the batch staged). */
export const stagedDecryptionState = state.staged;
/** Stages the new state. */
export const saveDecryptionState = state.save;

/** Guardians whose round-1 partials cover every request. */
export function completeGuardians(s: DecryptionState): number[] {
  return Object.entries(s.partials)
    .filter(([, p]) => s.requests.every((r) => p.uploads[r.kind] !== undefined))
    .map(([x]) => Number(x))
    .sort((a, b) => a - b);
}

/**
 * Whether every guardian of the round's quorum answered every request and the results are not
 * published yet: the publication is due (spec/server-api.md §7.2 step 4).
 */
export function publicationDue(s: DecryptionState): boolean {
  const U = s.challenge?.U;
  return (
    !s.done &&
    U !== undefined &&
    U.every((x) => s.requests.every((q) => s.responses[x]?.[q.kind] !== undefined))
  );
}
