/**
 * Where the mixing of an election's ranked contests stands (spec/server-api.md §7.5): per
 * contest, the `mix-inputs` entry and the accepted `mix-stage` entries; then the `ranked`
 * decryption request and, once published, the `ranked-count` entries. Every stage is a board
 * entry (the digests of its files, which the store keeps: ./stage-file-store.ts); this state only
 * points at them (log indices). Kept in the store's `meta` table
 * under `ranked:<election>` and staged in the writer, like the decryption state.
 * @module
 */
import { metaState } from '../store/meta-state.js';

/** One ranked contest's mix. */
export interface ContestMix {
  /** log index of its `mix-inputs` entry */
  inputsIndex: number;
  /** N: rows entering the mix (counted ballots); 0 means nothing to mix or decrypt */
  rows: number;
  /** accepted stages in order: their entries and mixers (guardian coordinate and name) */
  stages: { logIndex: number; x: number; id: string }[];
}

/** The ranked-choice state of one election. */
export interface RankedState {
  /** stages each contest needs: the quorum k (at least one honest mixer if fewer than k collude) */
  required: number;
  /** contest id → its mix, in manifest order */
  contests: Record<string, ContestMix>;
  /** log index of the `ranked` decryption request, once every mix is complete */
  requestIndex?: number;
  /** log indices of the published `ranked-count` entries, in manifest order */
  counts?: number[];
}

/** True when every contest with rows has its required stages. */
export function mixComplete(s: RankedState): boolean {
  return Object.values(s.contests).every((c) => c.rows === 0 || c.stages.length >= s.required);
}

const state = metaState<RankedState>('ranked');

/** Reads the state (outside the writer); undefined when the election has no ranked contests or is not tallied. */
export const readRankedState = state.read;
/** Reads the state inside a writer job (sees what earlier jobs of the batch staged). */
export const stagedRankedState = state.staged;
/** Stages the new state. */
export const saveRankedState = state.save;
