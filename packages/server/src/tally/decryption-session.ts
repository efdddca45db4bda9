/**
 * Threshold decryption over HTTP (spec/server-api.md §7.2, spec/key-ceremony.md §9). The server
 * holds no key: it publishes the requests, collects each guardian's round-1 partial decryptions
 * (checked at upload against g^{P(i)}; a bad one is refused, naming the guardian, and left out),
 * issues the round-1 challenge for the guardians present (any k or more), collects and checks the
 * round-2 responses, and combines them (`combineRound1/2` of @evident/e2e-crypto). Every file is
 * a board entry. When the last response is in, the results are decrypted and published.
 * @module
 */
import {
  combineRound1,
  combineRound2,
  contestDataContext,
  discreteLog,
  expectedGuardianChallenge,
  fromHex,
  groupByName,
  hashedDecrypt,
  keyShareCommitment,
  toHex,
  firstBadResponse,
  verifyPartialDecryptions,
  type Group,
  type PartialDecryptionSet,
} from '@evident/e2e-crypto';
import {
  decodeElement,
  encodeCpProof,
  encodeElement,
  type ChallengedJson,
  type InitializedJson,
  type TallyJson,
} from '@evident/record';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { transition } from '../elections/lifecycle.js';
import { ApiError } from '../errors.js';
import type { ElectionRow } from '../store/store.js';
import {
  challengeJson,
  parseRequest,
  readPartialUpload,
  readResponseUpload,
  type Request,
  type RequestKind,
} from './decryption-files.js';
import {
  completeGuardians,
  readDecryptionState,
  saveDecryptionState,
  stagedDecryptionState,
  type DecryptionState,
} from './decryption-state.js';
import { ceremonyIdOf } from './tally-election.js';
import {
  assertMixComplete,
  rankedEntries,
  saveRankedCounts,
  type RankedDecryptions,
} from '../ranked/ranked-publish.js';

const decoder = new TextDecoder();
type G0 = Group<unknown>;

/** Board entries never change: cache their parsed JSON, per store (several apps may share a process). */
const entryCaches = new WeakMap<object, Map<string, Record<string, unknown>>>();
async function entry(ctx: ServerContext, id: string, index: number): Promise<Record<string, unknown>> {
  let cache = entryCaches.get(ctx.store);
  if (!cache) entryCaches.set(ctx.store, (cache = new Map()));
  const k = `${id}#${index}`;
  const hit = cache.get(k);
  if (hit) return hit;
  const [row] = await ctx.store.logEntries(id, index, 1);
  if (!row) throw new ApiError('EVD_ERR_INTERNAL', `board entry ${index} missing`);
  const v = JSON.parse(decoder.decode(row.entry)) as Record<string, unknown>;
  if (cache.size > 10_000) cache.clear();
  cache.set(k, v);
  return v;
}

/** Everything public the combiner needs about an election. */
interface Setup {
  readonly e: ElectionRow;
  readonly G: G0;
  readonly ceremonyId: string;
  readonly ctx: { K: unknown; hE: Uint8Array };
  readonly k: number;
  readonly n: number;
  readonly Ki: ReadonlyMap<number, unknown>;
}

async function setupOf(ctx: ServerContext, id: string): Promise<Setup> {
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

async function requestOf(
  ctx: ServerContext,
  s: Setup,
  ds: DecryptionState,
  kind: RequestKind,
): Promise<Request<unknown>> {
  const r = ds.requests.find((x) => x.kind === kind);
  if (!r)
    throw new ApiError('EVD_ERR_NOT_FOUND', `no "${kind}" decryption request for this election`, 'kind');
  return parseRequest(s.G, (await entry(ctx, s.e.id, r.logIndex)).request as Record<string, unknown>);
}

async function stateOf(ctx: ServerContext, id: string): Promise<DecryptionState> {
  const ds = await readDecryptionState(ctx, id);
  if (!ds) throw new ApiError('EVD_ERR_WRONG_PHASE', 'the election has not been tallied');
  return ds;
}

/** The request file of `kind` (public: `GET …/decryption/{kind}/request`). */
export async function requestFile(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
): Promise<Record<string, unknown>> {
  const ds = await stateOf(ctx, id);
  const r = ds.requests.find((x) => x.kind === kind);
  if (!r)
    throw new ApiError('EVD_ERR_NOT_FOUND', `no "${kind}" decryption request for this election`, 'kind');
  return (await entry(ctx, id, r.logIndex)).request as Record<string, unknown>;
}

/** The published `tally-decryption` entry, once the results are out. */
export async function publishedTally(
  ctx: ServerContext,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const ds = await readDecryptionState(ctx, id);
  if (!ds?.done || ds.tallyIndex === undefined) return undefined;
  return entry(ctx, id, ds.tallyIndex);
}

/** The public summary of the decryption. */
export async function decryptionStatus(ctx: ServerContext, id: string) {
  const ds = await stateOf(ctx, id);
  return {
    round: ds.round,
    requests: ds.requests.map((r) => ({ kind: r.kind, digest: r.digest })),
    partials: Object.entries(ds.partials).map(([x, p]) => ({
      x: Number(x),
      id: p.id,
      kinds: Object.keys(p.uploads),
    })),
    ...(ds.challenge ? { quorum: ds.challenge.U } : {}),
    responses: Object.entries(ds.responses).map(([x, r]) => ({ x: Number(x), kinds: Object.keys(r) })),
    done: ds.done,
  };
}

/** Loads a partial upload from its board entry. */
async function storedPartial(
  ctx: ServerContext,
  s: Setup,
  req: Request<unknown>,
  index: number,
): Promise<PartialDecryptionSet<unknown>> {
  const j = (await entry(ctx, s.e.id, index)).partial as Record<string, unknown>;
  return readPartialUpload(s.G, s.ceremonyId, req, j).set;
}

/**
 * Round 1 upload: checks the guardian's batched proof (spec/key-ceremony.md §10) and posts it.
 * @param tokenGuardian - the trustee token's guardian (undefined for the administrator)
 * @throws {ApiError} EVD_ERR_INVALID_DECRYPTION naming the guardian when its proof fails
 */
export async function uploadPartial(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
  json: Record<string, unknown>,
  tokenGuardian: number | undefined,
) {
  const s = await setupOf(ctx, id);
  if (s.e.state !== 'tallied')
    throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${s.e.state}, not tallied`);
  const ds = await stateOf(ctx, id);
  const req = await requestOf(ctx, s, ds, kind);
  const up = readPartialUpload(s.G, s.ceremonyId, req, json);
  const { x } = up.guardian;
  if (tokenGuardian !== undefined && tokenGuardian !== x)
    throw new ApiError(
      'EVD_ERR_FORBIDDEN',
      `this token uploads for guardian ${tokenGuardian} only`,
      'partial.guardian',
    );
  const Ki = s.Ki.get(x);
  if (!Ki)
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `no guardian with coordinate ${x}`,
      'partial.guardian.x',
    );
  if (
    !verifyPartialDecryptions(
      s.G,
      s.ctx,
      x,
      Ki,
      req.items.map((it) => it.target),
      up.set,
    )
  ) {
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `guardian ${up.guardian.id} (x = ${x}): the partial decryptions fail their proof; left out`,
      'partial.proof',
    );
  }
  return ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.done) throw new ApiError('EVD_ERR_WRONG_PHASE', 'the decryption is over');
    if (cur.challenge)
      throw new ApiError(
        'EVD_ERR_WRONG_PHASE',
        `round ${cur.round}'s challenge is out; round-1 uploads are closed`,
      );
    const mine = (cur.partials[x] ??= { id: up.guardian.id, uploads: {} });
    const had = mine.uploads[kind];
    if (had) {
      if (had.session === up.session)
        return { guardian: x, round: cur.round, logIndex: had.logIndex, again: true };
      throw new ApiError(
        'EVD_ERR_CONFLICT',
        `guardian ${up.guardian.id} already uploaded its ${kind} partials in round ${cur.round}`,
      );
    }
    const logIndex = tx.append(id, 'partial-decryption', {
      kind,
      round: cur.round,
      guardian: up.guardian,
      partial: json,
      time: ctx.now(),
    });
    mine.uploads[kind] = { logIndex, session: up.session };
    saveDecryptionState(tx, id, cur);
    return { guardian: x, round: cur.round, logIndex, again: false };
  });
}

/**
 * Closes round 1: the guardians whose partials cover every request form U (all of them, also
 * when more than k), the combined commitments and challenges are posted (`decryption-challenge`).
 * @throws {ApiError} EVD_ERR_WRONG_PHASE when fewer than k guardians uploaded
 */
export async function issueChallenge(ctx: ServerContext, id: string) {
  const s = await setupOf(ctx, id);
  if (s.e.state !== 'tallied')
    throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${s.e.state}, not tallied`);
  const ds = await stateOf(ctx, id);
  if (ds.challenge) throw new ApiError('EVD_ERR_CONFLICT', `round ${ds.round}'s challenge is already out`);
  await assertMixComplete(ctx, id);
  const U = completeGuardians(ds);
  if (U.length < s.k)
    throw new ApiError(
      'EVD_ERR_WRONG_PHASE',
      `only ${U.length} guardians uploaded every partial decryption; the quorum is ${s.k}`,
    );
  const challenges: Record<string, Record<string, unknown>> = {};
  for (const r of ds.requests) {
    const req = await requestOf(ctx, s, ds, r.kind);
    const partials = new Map<number, PartialDecryptionSet<unknown>>();
    for (const x of U)
      partials.set(x, await storedPartial(ctx, s, req, ds.partials[x]!.uploads[r.kind]!.logIndex));
    const r1 = combineRound1(
      s.G,
      { ctx: s.ctx, k: s.k, keyShareCommitments: s.Ki },
      req.items.map((it) => it.target),
      partials,
    );
    if (!r1.ok || r1.U.length !== U.length)
      throw new ApiError('EVD_ERR_INTERNAL', 'a stored partial decryption no longer verifies');
    challenges[r.kind] = challengeJson(
      s.G,
      s.ceremonyId,
      req,
      U.map((x) => ({ x, id: ds.partials[x]!.id, session: ds.partials[x]!.uploads[r.kind]!.session })),
      r1.combined,
      [],
    );
  }
  return ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.round !== ds.round || cur.challenge)
      throw new ApiError('EVD_ERR_CONFLICT', 'the decryption moved on meanwhile; retry');
    if (completeGuardians(cur).join() !== U.join())
      throw new ApiError('EVD_ERR_CONFLICT', 'a partial decryption arrived meanwhile; retry');
    const logIndex = tx.append(id, 'decryption-challenge', {
      round: cur.round,
      quorum: U,
      challenges,
      time: ctx.now(),
    });
    cur.challenge = { logIndex, U };
    saveDecryptionState(tx, id, cur);
    return { round: cur.round, quorum: U.map((x) => ({ x, id: cur.partials[x]!.id })), logIndex };
  });
}

/** The challenge file of `kind` for round 2 (public). */
export async function challengeFile(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
): Promise<Record<string, unknown>> {
  const ds = await stateOf(ctx, id);
  if (!ds.challenge)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `round ${ds.round}'s challenge has not been issued`);
  const ch = (
    (await entry(ctx, id, ds.challenge.logIndex)).challenges as Record<string, Record<string, unknown>>
  )[kind];
  if (!ch)
    throw new ApiError('EVD_ERR_NOT_FOUND', `no "${kind}" decryption request for this election`, 'kind');
  return ch;
}

/**
 * Round 2 upload: checks each response (eq 74–75) against the guardian's partials and its
 * challenge c_i (eq 72); when every guardian of U has answered every request, combines and
 * publishes the results.
 * @throws {ApiError} EVD_ERR_INVALID_DECRYPTION naming the guardian when a response fails
 */
export async function uploadResponse(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
  json: Record<string, unknown>,
  tokenGuardian: number | undefined,
) {
  const s = await setupOf(ctx, id);
  if (s.e.state !== 'tallied')
    throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${s.e.state}, not tallied`);
  const ds = await stateOf(ctx, id);
  if (!ds.challenge)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `round ${ds.round}'s challenge has not been issued`);
  const req = await requestOf(ctx, s, ds, kind);
  const up = readResponseUpload(s.G.q, s.ceremonyId, req, json);
  const { x } = up.guardian;
  if (tokenGuardian !== undefined && tokenGuardian !== x)
    throw new ApiError(
      'EVD_ERR_FORBIDDEN',
      `this token uploads for guardian ${tokenGuardian} only`,
      'response.guardian',
    );
  const U = ds.challenge.U;
  if (!U.includes(x))
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `guardian ${up.guardian.id} is not in this round's quorum`,
      'response.guardian',
    );
  const mine = ds.partials[x]!.uploads[kind]!;
  if (up.session !== mine.session)
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      'the response answers another session than the guardian’s partials',
      'response.session',
    );
  const pds = await storedPartial(ctx, s, req, mine.logIndex);
  const ch = await challengeFile(ctx, id, kind);
  const combined = (ch.items as { M: string; a: string; b: string }[]).map((c, t) => ({
    M: decodeElement(s.G, c.M, `items[${t}].M`),
    a: decodeElement(s.G, c.a, `items[${t}].a`),
    b: decodeElement(s.G, c.b, `items[${t}].b`),
  }));
  // eq 74–75 for every item, batched in commitment form; one by one only to name a bad one
  const targets = req.items.map((it) => it.target);
  const bad = firstBadResponse(s.G, targets, {
    keyShareCommitment: s.Ki.get(x)!,
    parts: pds.items,
    challenges: targets.map((t, i) => expectedGuardianChallenge(s.G, s.ctx, t, combined[i]!, U, s.k, x)),
    responses: up.vs,
  });
  if (bad >= 0) {
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `guardian ${up.guardian.id} (x = ${x}): response #${bad} does not verify; restart the round without it`,
      `response.responses[${bad}]`,
    );
  }
  const r = await ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.round !== ds.round || !cur.challenge)
      throw new ApiError('EVD_ERR_CONFLICT', 'the decryption moved on meanwhile');
    const mineR = (cur.responses[x] ??= {});
    if (mineR[kind] !== undefined)
      return { guardian: x, round: cur.round, logIndex: mineR[kind]!, complete: false };
    const logIndex = tx.append(id, 'decryption-response', {
      kind,
      round: cur.round,
      guardian: up.guardian,
      response: json,
      time: ctx.now(),
    });
    mineR[kind] = logIndex;
    saveDecryptionState(tx, id, cur);
    const complete = U.every((g) => cur.requests.every((q) => cur.responses[g]?.[q.kind] !== undefined));
    return { guardian: x, round: cur.round, logIndex, complete };
  });
  let published = false;
  if (r.complete) {
    // the response is durable whatever happens here; `POST …/decryption/combine` retries
    published = await publishResults(ctx, id).then(
      () => true,
      () => false,
    );
  }
  return { ...r, published };
}

/** Starts a new round without the guardians that did not answer (their nonces are spent). */
export async function restartRound(ctx: ServerContext, id: string, reason: string) {
  await stateOf(ctx, id);
  return ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.done) throw new ApiError('EVD_ERR_WRONG_PHASE', 'the decryption is over');
    const next: DecryptionState = { ...cur, round: cur.round + 1, partials: {}, responses: {} };
    delete next.challenge;
    tx.append(id, 'decryption-restart', { round: next.round, reason, time: ctx.now() });
    saveDecryptionState(tx, id, next);
    return { round: next.round };
  });
}

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
      const rj = (await entry(ctx, id, ds.responses[x]![r.kind]!)).response as Record<string, unknown>;
      responses.set(x, [...readResponseUpload(s.G.q, s.ceremonyId, req, rj).vs]);
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
        return { id: it.id, value, proof: encodeCpProof(s.G, d.proof) };
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
        beta: encodeElement(s.G, d.M),
        data: data ? toHex(data) : '',
        proof: encodeCpProof(s.G, d.proof),
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
    proof: ReturnType<typeof encodeCpProof>;
  }[],
): ChallengedJson[] {
  const manifest = JSON.parse(e.manifest) as { contests: { label: string }[] };
  const byCode = new Map<
    string,
    Map<
      number,
      {
        selections: { value: number; proof: ReturnType<typeof encodeCpProof> }[];
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
