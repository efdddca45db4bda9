/**
 * Tallying a closed election (spec/server-api.md §7.1): the homomorphic aggregate of the counted
 * ballots — the last cast ballot of each credential, not superseded; challenged ballots are never
 * counted (EG 2.0 §3.5, eq 62): @evident/record's `countedBallots` rule — posted to the board as
 * an `encrypted-tally` entry, with the decryption requests the guardians will answer (`decryption-request` entries, the files
 * `evident-trustee decrypt` reads). The state becomes `tallied`.
 * @module
 */
import {
  baseHash,
  createTallyAccumulator,
  fromHex,
  groupByName,
  indexManifest,
  manifestDigest,
  parameterBaseHash,
  toHex,
  type Ciphertext,
  type Group,
  type Manifest,
  type ManifestIndex,
} from '@evident/e2e-crypto';
import { encodeEncryptedTally, makeRequest, type DecryptionRequest, type RequestItem } from '@evident/record';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { transition } from '../elections/lifecycle.js';
import { onCurrentView } from '../elections/current-view.js';
import { ApiError } from '../errors.js';
import { countedOnBoard } from '../board/counted-on-board.js';
import type { ElectionRow } from '../store/store.js';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { initialDecryptionState, saveDecryptionState } from './decryption-state.js';
import { planRankedMix } from '../ranked/mix-inputs.js';
import { checkTallyGate } from '../stations/poll-book.js';
import { readStationState, stagedStationState } from '../stations/station-state.js';

const decoder = new TextDecoder();

/** Decodes an element from board hex (either case; the board keeps the submission as sent). */
function el<E>(G: Group<E>, hex: string, field: string): E {
  return G.decode(fromHex(hex, field), field);
}

/** The ciphertexts of a submitted ballot, per contest. */
export function submissionCiphertexts<E>(
  G: Group<E>,
  sub: BallotSubmission,
): { label: string; selections: { ciphertext: Ciphertext<E> }[] }[] {
  return sub.ballot.contests.map((c, ci) => ({
    label: c.label,
    selections: c.selections.map((s, j) => ({
      ciphertext: {
        alpha: el(G, s.alpha, `contests[${ci}].selections[${j}].alpha`),
        beta: el(G, s.beta, `contests[${ci}].selections[${j}].beta`),
      },
    })),
  }));
}

/** H_B of an election with keys, hex: the ceremony id of `evident-trustee`. */
export function ceremonyIdOf(e: ElectionRow): string {
  const G = groupByName(e.profile) as Group<unknown>;
  const cfg = configOf(e);
  const hP = parameterBaseHash(G);
  return toHex(
    baseHash(hP, manifestDigest(hP, JSON.parse(e.manifest) as Manifest), cfg.guardians!, cfg.quorum!),
  );
}

/** The challenged ballots' decryption request items: every selection and every contest-data field. */
function challengedItems<E>(
  G: Group<E>,
  index: ManifestIndex,
  subs: readonly BallotSubmission[],
): RequestItem<E>[] {
  const items: RequestItem<E>[] = [];
  for (const sub of subs) {
    const code = sub.ballot.code.toUpperCase();
    const style = index.styles.get(sub.ballot.style)!;
    sub.ballot.contests.forEach((c, ci) => {
      const indC = style[ci]!.index;
      c.selections.forEach((s, j) => {
        items.push({
          id: `${code}/${indC}/${j + 1}`,
          target: { kind: 'selection', ct: { alpha: el(G, s.alpha, 'alpha'), beta: el(G, s.beta, 'beta') } },
        });
      });
      items.push({
        id: `${code}/${indC}/data`,
        contestIndex: indC,
        target: {
          kind: 'contest-data',
          ct: {
            c0: el(G, c.contestData.c0, 'c0'),
            c1: fromHex(c.contestData.c1, 'c1'),
            c2: fromHex(c.contestData.c2, 'c2'),
          },
        },
      });
    });
  }
  return items;
}

/** What the tally step returns. */
export interface TallyOutcome {
  readonly castBallots: number;
  readonly challengedBallots: number;
  /** The request kinds the guardians must answer. */
  readonly requests: readonly { kind: string; digest: string; items: number; logIndex: number }[];
}

/**
 * Aggregates the counted ballots and opens the decryption.
 * @throws {ApiError} EVD_ERR_ILLEGAL_TRANSITION unless the election is closed; EVD_ERR_WRONG_PHASE
 *   while a station with a registered key has neither closed its poll book nor been excluded
 */
export async function tallyElection(ctx: ServerContext, id: string): Promise<TallyOutcome> {
  // on this node's view; a refusal only if the store agrees (elections/current-view.ts)
  const e = await onCurrentView(ctx, id, async () => {
    const e = await loadElection(ctx, id);
    transition(e.state, 'tally');
    // no check-in, hence no cancellation, may come after the encrypted tally (spec/server-api.md §11.6)
    checkTallyGate(await readStationState(ctx, id));
    return e;
  });
  const G = groupByName(e.profile) as Group<unknown>;
  const manifest = JSON.parse(e.manifest) as Manifest;
  const index = indexManifest(manifest);
  const { counted } = await countedOnBoard(ctx.store, id, true);
  const acc = createTallyAccumulator(G, index);
  const challenged: BallotSubmission[] = [];
  // the election is closed: nothing is appended meanwhile but our entries
  for await (const row of ctx.store.iterateLogEntries(id)) {
    if (row.type === 'ballot' && counted.has(row.index)) {
      const sub = (JSON.parse(decoder.decode(row.entry)) as { submission: BallotSubmission }).submission;
      acc.add({ contests: submissionCiphertexts(G, sub) });
    } else if (row.type === 'challenged-ballot') {
      challenged.push((JSON.parse(decoder.decode(row.entry)) as { submission: BallotSubmission }).submission);
    }
  }
  const tally = acc.result();
  if (tally.castBallots !== counted.size)
    throw new ApiError('EVD_ERR_INTERNAL', 'counted ballots missing from the board');
  const encrypted = encodeEncryptedTally(G, tally);
  const ceremonyId = ceremonyIdOf(e);
  const maxLimit = Math.max(1, ...manifest.contests.map((c) => c.optionLimit));
  const requests: DecryptionRequest<unknown>[] = [
    makeRequest(
      G,
      ceremonyId,
      'tally',
      Math.max(1, tally.castBallots * maxLimit),
      tally.contests.flatMap((c) =>
        c.selections.map((s, j) => ({
          id: `${c.index}/${j + 1}`,
          target: { kind: 'selection' as const, ct: s.ciphertext },
        })),
      ),
    ),
  ];
  if (challenged.length > 0)
    requests.push(
      makeRequest(G, ceremonyId, 'challenged-ballots', maxLimit, challengedItems(G, index, challenged)),
    );

  // ranked contests: the same counted ballots enter each contest's mix (spec/server-api.md §7.5)
  const ranked = planRankedMix(manifest, configOf(e).quorum!, [...counted]);

  return ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    const state = transition(cur.state, 'tally');
    checkTallyGate(await stagedStationState(ctx, tx, id));
    const now = ctx.now();
    tx.append(id, 'encrypted-tally', { encryptedTally: encrypted, time: now });
    const indices = requests.map((r) =>
      tx.append(id, 'decryption-request', { kind: r.kind, request: r.json, time: now }),
    );
    saveDecryptionState(
      tx,
      id,
      initialDecryptionState(
        requests.map((r, i) => ({ kind: r.kind, digest: r.digest, logIndex: indices[i]! })),
      ),
    );
    ranked?.stage(tx, id, now);
    tx.mutate({ kind: 'election', row: { ...cur, state, updatedAt: now } });
    return {
      castBallots: tally.castBallots,
      challengedBallots: challenged.length,
      requests: requests.map((r, i) => ({
        kind: r.kind,
        digest: r.digest,
        items: r.items.length,
        logIndex: indices[i]!,
      })),
    };
  });
}
