/**
 * Publishing the results (spec/server-api.md §7.2 step 4): once every guardian of the quorum U
 * has answered every request, round 2 is combined (`combineRound2` of @evident/e2e-crypto), the
 * tally and the challenged ballots are decrypted (the discrete log of K^σ for a selection, hashed
 * ElGamal for contest data) and posted as `tally-decryption`, `challenged-decryption`, the
 * ranked count entries, then `publish`; the election moves to `published`.
 * @module
 */
import {
  combineRound1,
  combineRound2,
  contestDataContext,
  discreteLog,
  hashedDecrypt,
  toHex,
  type PartialDecryptionSet,
  chaumPedersenToJson,
  elementToJson,
} from '@evident/e2e-crypto';
import { type ChallengedJson, type TallyJson } from '@evident/record';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { transition } from '../elections/lifecycle.js';
import { ApiError } from '../errors.js';
import { rankedEntries, saveRankedCounts, type RankedDecryptions } from '../ranked/ranked-publish.js';
import type { ElectionRow } from '../store/store.js';
import { readResponseUpload } from './decryption-uploads.js';
import { requestOf, setupOf, stateOf, storedPartial } from './decryption-setup.js';
import { saveDecryptionState, stagedDecryptionState } from './decryption-state.js';

/** Combines round 2 and posts `tally-decryption`, `challenged-decryption` and `publish` (idempotent: a retry after a crash). */
export async function publishResults(ctx: ServerContext, id: string): Promise<void> {
  const s = await setupOf(ctx, id);
  const ds = await stateOf(ctx, id);
  if (ds.done) return;
  if (!ds.challenge)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `round ${ds.round}'s challenge has not been issued`);
  const U = ds.challenge.U;
  const missing = U.filter((x) => ds.requests.some((q) => ds.responses[x]?.[q.kind] === undefined));
  if (missing.length > 0)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `waiting for the responses of guardians ${missing.join(', ')}`);
  const setup = { ctx: s.ctx, k: s.k, keyShareCommitments: s.Ki };
  const entries: { type: string; fields: Record<string, unknown> }[] = [];
  let ranked: RankedDecryptions | undefined;
  for (const r of ds.requests) {
    const req = await requestOf(ctx, s, ds, r.kind);
    const targets = req.items.map((it) => it.target);
    const partials = new Map<number, PartialDecryptionSet<unknown>>();
    const responses = new Map<number, bigint[]>();
    for (const x of U) {
      partials.set(x, await storedPartial(ctx, s, req, ds.partials[x]!.uploads[r.kind]!.logIndex));
      const rj = (await boardEntry(ctx, id, ds.responses[x]![r.kind]!)).response as Record<string, unknown>;
      responses.set(x, [...readResponseUpload(s.G, req, rj).vs]);
    }
    const r1 = combineRound1(s.G, setup, targets, partials);
    if (!r1.ok) throw new ApiError('EVD_ERR_INTERNAL', r1.reason);
    const r2 = combineRound2(s.G, setup, targets, r1, partials, responses);
    if (!r2.ok)
      throw new ApiError(
        'EVD_ERR_INTERNAL',
        `responses failed: ${r2.bad.map((b) => `${b.i} ${b.reason}`).join('; ')}`,
      );
    if (r.kind === 'ranked') {
      ranked = { req, decryptions: r2.decryptions }; // no discrete log: write-in chunks are not K^σ
      continue;
    }
    const dlog = discreteLog(s.G, s.ctx.K, req.maxValue);
    const decrypted = req.items.map((it, t) => {
      const d = r2.decryptions[t]!;
      if (it.target.kind === 'selection') {
        const value = dlog(s.G.div(it.target.ct.beta, d.M));
        if (value === undefined)
          throw new ApiError('EVD_ERR_INTERNAL', `item ${it.id}: value above ${req.maxValue}`);
        return { id: it.id, value, proof: chaumPedersenToJson(s.G, d.proof) };
      }
      const data = hashedDecrypt(
        s.G,
        s.ctx.hE,
        s.ctx.K,
        it.target.ct,
        d.M,
        contestDataContext(it.contestIndex ?? 0),
      );
      return {
        id: it.id,
        beta: elementToJson(s.G, d.M),
        data: data ? toHex(data) : '',
        proof: chaumPedersenToJson(s.G, d.proof),
      };
    });
    const quorum = U.map((x) => ({ x, id: ds.partials[x]!.id }));
    if (r.kind === 'tally') {
      const manifest = JSON.parse(s.e.manifest) as {
        contests: { label: string; options: { label: string }[] }[];
      };
      let t = 0;
      const tally: TallyJson = {
        contests: manifest.contests.map((c) => ({
          label: c.label,
          selections: c.options.map((o) => {
            const d = decrypted[t++]!;
            return { label: o.label, value: d.value!, proof: d.proof };
          }),
        })),
      };
      entries.push({ type: 'tally-decryption', fields: { tally, quorum } });
    } else {
      entries.push(
        ...challengedLines(s.e, decrypted).map((c) => ({
          type: 'challenged-decryption',
          fields: { decryption: c, quorum },
        })),
      );
    }
  }
  entries.push(
    ...(await rankedEntries(
      ctx,
      s.e,
      ranked,
      U.map((x) => ({ x, id: ds.partials[x]!.id })),
    )),
  );
  await ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    const e = await loadElection(ctx, id);
    if (!cur || cur.done) return;
    const rankedCounts: number[] = [];
    const state = transition(e.state, 'publish');
    const now = ctx.now();
    let tallyIndex = -1;
    for (const x of entries) {
      const i = tx.append(id, x.type, { ...x.fields, time: now });
      if (x.type === 'tally-decryption') tallyIndex = i;
      if (x.type === 'ranked-count') rankedCounts.push(i);
    }
    await saveRankedCounts(ctx, tx, id, rankedCounts);
    tx.append(id, 'publish', { time: now });
    saveDecryptionState(tx, id, { ...cur, done: true, tallyIndex });
    tx.mutate({ kind: 'election', row: { ...e, state, updatedAt: now } });
  });
}

/** Groups the challenged items (`<code>/<ind_c>/<j>` and `<code>/<ind_c>/data`) into record lines. */
function challengedLines(
  e: ElectionRow,
  decrypted: {
    id: string;
    value?: number;
    beta?: string;
    data?: string;
    proof: ReturnType<typeof chaumPedersenToJson>;
  }[],
): ChallengedJson[] {
  const manifest = JSON.parse(e.manifest) as { contests: { label: string }[] };
  const byCode = new Map<
    string,
    Map<
      number,
      {
        selections: { value: number; proof: ReturnType<typeof chaumPedersenToJson> }[];
        contestData?: ChallengedJson['contests'][number]['contestData'];
      }
    >
  >();
  for (const d of decrypted) {
    const [code, indC, which] = d.id.split('/') as [string, string, string];
    let contests = byCode.get(code);
    if (!contests) byCode.set(code, (contests = new Map()));
    let c = contests.get(Number(indC));
    if (!c) contests.set(Number(indC), (c = { selections: [] }));
    if (which === 'data') c.contestData = { beta: d.beta!, data: d.data!, proof: d.proof };
    else c.selections.push({ value: d.value!, proof: d.proof });
  }
  return [...byCode].map(([code, contests]) => ({
    code,
    contests: [...contests].map(([indC, c]) => ({
      label: manifest.contests[indC - 1]!.label,
      selections: c.selections,
      contestData: c.contestData!,
    })),
  }));
}
