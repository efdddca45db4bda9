/**
 * Where a decryption stands (spec/server-api.md §7.2): which requests are open, which guardians
 * uploaded round-1 partials, the challenge and the round-2 responses. Every file itself is a board
 * entry; this state only points at them (log indices), kept in the store's `meta` table under
 * `decryption:<election>` and staged in the writer so that jobs of one batch see each other.
 * @module
 */
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';
import type { RequestKind } from './decryption-files.js';

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

const key = (id: string): string => `decryption:${id}`;

/** Reads the state (outside the writer); undefined before the tally. */
export async function readDecryptionState(
  ctx: ServerContext,
  id: string,
): Promise<DecryptionState | undefined> {
  const v = await ctx.store.getMeta(key(id));
  return v ? (JSON.parse(v) as DecryptionState) : undefined;
}

/** Reads the state inside a writer job (sees what earlier jobs of the batch staged). */
export async function stagedDecryptionState(
  ctx: ServerContext,
  tx: Tx,
  id: string,
): Promise<DecryptionState | undefined> {
  const staged = tx.get(key(id)) as DecryptionState | undefined;
  if (staged) return structuredClone(staged);
  return readDecryptionState(ctx, id);
}

/** Stages the new state. */
export function saveDecryptionState(tx: Tx, id: string, s: DecryptionState): void {
  tx.set(key(id), s);
  tx.mutate({ kind: 'meta', key: key(id), value: JSON.stringify(s) });
}

/** Guardians whose round-1 partials cover every request. */
export function completeGuardians(s: DecryptionState): number[] {
  return Object.entries(s.partials)
    .filter(([, p]) => s.requests.every((r) => p.uploads[r.kind] !== undefined))
    .map(([x]) => Number(x))
    .sort((a, b) => a - b);
}
