/**
 * What the decryption session and the publication of the results read back (spec/server-api.md
 * §7.2): the election's public decryption setup, the decryption state, the requests and the
 * guardians' uploads, from their board entries.
 * @module
 */
import {
  fromHex,
  groupByName,
  keyShareCommitment,
  type Group,
  type PartialDecryptionSet,
} from '@evident/e2e-crypto';
import {
  decodeRequest,
  type DecryptionRequest,
  type InitializedJson,
  type RequestKind,
} from '@evident/record';
import { uploadAt } from './upload-files.js';
import { requestJsonAt } from '../ranked/ranked-request.js';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { onCurrentView } from '../elections/current-view.js';
import { ApiError } from '../errors.js';
import type { ElectionRow } from '../store/store.js';
import { readPartialUpload } from './decryption-uploads.js';
import { readDecryptionState, type DecryptionState } from './decryption-state.js';
import { ceremonyIdOf } from './tally-election.js';

type G0 = Group<unknown>;

/** Everything public the combiner needs about an election. */
export interface Setup {
  readonly e: ElectionRow;
  readonly G: G0;
  readonly ceremonyId: string;
  readonly ctx: { K: unknown; hE: Uint8Array };
  readonly k: number;
  readonly n: number;
  readonly Ki: ReadonlyMap<number, unknown>;
}

/**
 * The election's public decryption setup: its group, K and H_E, quorum k of n, and each
 * guardian's key-share commitment K_i = ∏_j K_{j,m}^(i^m) (spec/key-ceremony.md §9).
 * @throws {ApiError} EVD_ERR_WRONG_PHASE before the key ceremony is imported (the store's word:
 *   elections/current-view.ts)
 */
export function setupOf(ctx: ServerContext, id: string): Promise<Setup> {
  return onCurrentView(ctx, id, () => viewedSetup(ctx, id));
}

/** {@link setupOf} on this node's view of the election. */
async function viewedSetup(ctx: ServerContext, id: string): Promise<Setup> {
  const e = await loadElection(ctx, id);
  const G = groupByName(e.profile) as G0;
  const cfg = configOf(e);
  if (!e.init || cfg.quorum === undefined)
    throw new ApiError('EVD_ERR_WRONG_PHASE', 'no key ceremony imported');
  const init = JSON.parse(e.init) as InitializedJson;
  const all = [...init.guardians]
    .sort((a, b) => a.index - b.index)
    .map((g) => g.commitments.map((c) => G.decode(fromHex(c), 'commitment')));
  const Ki = new Map(all.map((_, t) => [t + 1, keyShareCommitment(G, all, t + 1)] as const));
  return {
    e,
    G,
    ceremonyId: ceremonyIdOf(e),
    ctx: { K: G.decode(fromHex(cfg.jointKey!), 'jointKey'), hE: fromHex(cfg.extendedBaseHash!) },
    k: cfg.quorum,
    n: cfg.guardians!,
    Ki,
  };
}

/**
 * The log index of the decryption request of `kind`.
 * @throws {ApiError} EVD_ERR_NOT_FOUND when the election has no such request
 */
export function requestEntry(ds: DecryptionState, kind: RequestKind): number {
  const r = ds.requests.find((x) => x.kind === kind);
  if (!r)
    throw new ApiError('EVD_ERR_NOT_FOUND', `no "${kind}" decryption request for this election`, 'kind');
  return r.logIndex;
}

/**
 * The parsed decryption request of `kind`.
 * @throws {ApiError} EVD_ERR_NOT_FOUND when the election has no such request
 */
export async function requestOf(
  ctx: ServerContext,
  s: Setup,
  ds: DecryptionState,
  kind: RequestKind,
): Promise<DecryptionRequest<unknown>> {
  const index = requestEntry(ds, kind);
  return decodeRequest(s.G, await requestJsonAt(ctx, s.e.id, index));
}

/**
 * The decryption state.
 * @throws {ApiError} EVD_ERR_WRONG_PHASE before the tally
 */
export async function stateOf(ctx: ServerContext, id: string): Promise<DecryptionState> {
  const ds = await readDecryptionState(ctx, id);
  if (!ds) throw new ApiError('EVD_ERR_WRONG_PHASE', 'the election has not been tallied');
  return ds;
}

/**
 * The setup of an election whose decryption is running (state `tallied`).
 * @throws {ApiError} EVD_ERR_WRONG_PHASE in any other state
 */
export function talliedSetup(ctx: ServerContext, id: string): Promise<Setup> {
  return onCurrentView(ctx, id, async () => {
    const s = await viewedSetup(ctx, id);
    if (s.e.state !== 'tallied')
      throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${s.e.state}, not tallied`);
    return s;
  });
}

/** Loads a partial upload from its board entry (or the store, ./upload-files.ts). */
export async function storedPartial(
  ctx: ServerContext,
  s: Setup,
  req: DecryptionRequest<unknown>,
  index: number,
): Promise<PartialDecryptionSet<unknown>> {
  const j = await uploadAt(ctx, s.e.id, index);
  return readPartialUpload(s.G, req, j).set;
}
