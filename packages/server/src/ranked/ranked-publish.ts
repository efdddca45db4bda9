/**
 * The end of a ranked contest on the server (spec/server-api.md §7.5, spec/mixnet.md §6.2, §8.3,
 * spec/ranked-choice.md §3–4): the guardians' joint decryptions of the last stage's outputs (the
 * `ranked` request of the two-round decryption) become, per contest, a `ranked-decryption` entry
 * — every M = β/α^s with its proof, and what the rows read as — and a `ranked-count` entry with
 * the count (instant-runoff, or STV for more than one seat) and its round-by-round table. The
 * decryption's challenge waits until every contest is mixed.
 * @module
 */
import {
  countRankedContest,
  fromHex,
  groupByName,
  readRankedRows,
  rowDecryptionsToJson,
  type ChaumPedersenProof,
  type CountResult,
  type Group,
  type Manifest,
  type RowDecryption,
} from '@evident/e2e-crypto';
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';
import { configOf } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import type { ElectionRow } from '../store/store.js';
import type { DecryptionRequest } from '@evident/record';
import { boardEntry } from '../board/board-entry.js';
import { rankedContestsOf } from './mix-inputs.js';
import { mixComplete, readRankedState, saveRankedState, stagedRankedState } from './ranked-state.js';

/**
 * Refuses to close round 1 of the decryption while a ranked contest is still being mixed (its
 * rows are not yet in a request).
 * @throws {ApiError} EVD_ERR_WRONG_PHASE naming the contests waiting for stages
 */
export async function assertMixComplete(ctx: ServerContext, id: string): Promise<void> {
  const s = await readRankedState(ctx, id);
  if (!s || mixComplete(s)) return;
  const waiting = Object.entries(s.contests)
    .filter(([, c]) => c.rows > 0 && c.stages.length < s.required)
    .map(([c, m]) => `${c} (${m.stages.length} of ${s.required} stages)`);
  throw new ApiError(
    'EVD_ERR_WRONG_PHASE',
    `the ranked contests are still being mixed: ${waiting.join(', ')}`,
  );
}

/** The combined decryptions of the `ranked` request: per item, M = α^s and the joint proof. */
export interface RankedDecryptions {
  readonly req: DecryptionRequest<unknown>;
  readonly decryptions: readonly { readonly M: unknown; readonly proof: ChaumPedersenProof<unknown> }[];
}

/**
 * The board entries that publish every ranked contest: `ranked-decryption` (rows, plaintexts)
 * and `ranked-count` (the round table), in manifest order; a contest nobody voted in gets an
 * empty count.
 * @param dec - the combined `ranked` request, undefined when no contest had rows
 * @param quorum - the guardians whose shares were combined
 * @throws {ApiError} EVD_ERR_INTERNAL when the decryptions do not cover the mixed rows
 */
export async function rankedEntries(
  ctx: ServerContext,
  e: ElectionRow,
  dec: RankedDecryptions | undefined,
  quorum: readonly { x: number; id: string }[],
): Promise<{ type: string; fields: Record<string, unknown> }[]> {
  const contests = rankedContestsOf(JSON.parse(e.manifest) as Manifest);
  if (contests.length === 0) return [];
  const state = await readRankedState(ctx, e.id);
  if (!state) throw new ApiError('EVD_ERR_INTERNAL', 'no ranked state');
  const G = groupByName(e.profile) as Group<unknown>;
  const K = G.decode(fromHex(configOf(e).jointKey!), 'jointKey');
  // item id `<contest>/<row>/<column>` → its decryption
  const byId = new Map(dec?.req.items.map((it, t) => [it.id, { it, d: dec.decryptions[t]! }]) ?? []);
  const out: { type: string; fields: Record<string, unknown> }[] = [];
  for (const c of contests) {
    const m = state.contests[c.id]!;
    let count: CountResult;
    if (m.rows === 0) count = countRankedContest(c, []);
    else {
      const last = (await boardEntry(ctx, e.id, m.stages.at(-1)!.logIndex)) as { outputs: unknown[][] };
      const rows: RowDecryption<unknown, ChaumPedersenProof<unknown>>[][] = last.outputs.map((row, i) =>
        row.map((_, k) => {
          const hit = byId.get(`${c.id}/${i}/${k}`);
          if (!hit || hit.it.target.kind !== 'selection')
            throw new ApiError('EVD_ERR_INTERNAL', `no decryption of ${c.id}/${i}/${k}`);
          // the request holds α^s; the record publishes M = β/α^s (spec/mixnet.md §6.2)
          return { M: G.div(hit.it.target.ct.beta, hit.d.M), proof: hit.d.proof };
        }),
      );
      const plaintexts = readRankedRows(G, K, c, rows);
      count = countRankedContest(
        c,
        plaintexts.map((p) => p.ranks),
        plaintexts.map((p) => p.writeIns),
      );
      out.push({
        type: 'ranked-decryption',
        fields: {
          contestId: c.id,
          method: 'threshold',
          rows: rowDecryptionsToJson(G, rows),
          plaintexts,
          quorum,
        },
      });
    }
    out.push({ type: 'ranked-count', fields: { contestId: c.id, result: count } });
  }
  return out;
}

/** Records the log indices of the `ranked-count` entries (for the results). */
export async function saveRankedCounts(
  ctx: ServerContext,
  tx: Tx,
  id: string,
  counts: number[],
): Promise<void> {
  if (counts.length === 0) return;
  const s = await stagedRankedState(ctx, tx, id);
  if (s) saveRankedState(tx, id, { ...s, counts });
}

/** The published counts, once the results are out: per contest, its id and CountResult. */
export async function publishedRankedCounts(
  ctx: ServerContext,
  id: string,
): Promise<{ contestId: string; result: CountResult }[] | undefined> {
  const s = await readRankedState(ctx, id);
  if (!s?.counts) return undefined;
  const out: { contestId: string; result: CountResult }[] = [];
  for (const i of s.counts) {
    const e = (await boardEntry(ctx, id, i)) as { contestId: string; result: CountResult };
    out.push({ contestId: e.contestId, result: e.result });
  }
  return out;
}
