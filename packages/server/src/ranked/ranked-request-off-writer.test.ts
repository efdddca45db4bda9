/**
 * The `ranked` request's digest is computed before the write of the stage that completes the
 * mix, not in its writer job (./ranked-request-post.ts): at 900,000 items it took 11 CPU-seconds
 * in the job, and every other write — casts — waited that long. Here the digest's computation
 * waits on a gate: meanwhile a ballot of another election is cast and committed, and the stage is
 * not on the board yet; opened, the stage and the request are posted, the request's entry byte
 * for byte the one of the request @evident/record `makeRequest` builds from the last stages'
 * outputs (the digest the job used to compute). Two contests' last stages checked at the same
 * time: neither upload computed the request before its write, the second job finds the mix
 * complete and writes nothing, and its upload computes the request and posts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJsonString,
  rankedLayout,
  rowsFromJson,
  type Group,
  type RankedContest,
} from '@evident/e2e-crypto';
import { makeRequest, type RequestItem } from '@evident/record';
import { buildApp } from '../app.js';
import { simulatedMixStage } from '../testing/mixer-sim.js';
import { castRanked, COUNCIL, MAYOR, rankedManifest } from '../testing/ranked-election.js';
import {
  castBallot,
  injectCall,
  mustCall,
  setUpElection,
  type Call,
  type LocalElection,
} from '../testing/local-election.js';
import { inlineVerifier, type BallotVerifier } from '../verify/verifier.js';
import { rankedRequestDigest, storedChunks } from './ranked-request.js';

const ADMIN = 'evd_ranked-request-off-writer-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

/** A gate: `wait` resolves once `open()` is called. */
function gate() {
  let open: () => void = () => {};
  const wait = new Promise<void>((ok) => (open = ok));
  return { wait, open };
}

/** The inline verifier; each ranked request's digest noted in `seen` and held until `hold.wait`; mix stages held until `stages.wait`. */
function gatedVerifier(o: {
  seen: string[];
  hold: { wait: Promise<void> };
  stages: { wait: Promise<void>; arrived: number };
}): BallotVerifier {
  const v = inlineVerifier();
  return {
    ...v,
    async checkUpload(c) {
      if (c.round === 'ranked-request') {
        o.seen.push(c.task.parts.map((p) => `${p.contestId}@${p.logIndex}`).join(','));
        await o.hold.wait;
      }
      if (c.round === 'mix-stage') {
        o.stages.arrived++;
        await o.stages.wait;
      }
      return v.checkUpload(c);
    },
  };
}

const untilTrue = async (f: () => boolean) => {
  for (let i = 0; i < 2000 && !f(); i++) await new Promise((ok) => setTimeout(ok, 5));
  expect(f()).toBe(true);
};

describe('the ranked request computed off the writer', () => {
  const seen: string[] = [];
  const hold = gate();
  const stages = { ...gate(), arrived: 0 };
  let app: App;
  let call: Call;
  let must: ReturnType<typeof mustCall>;

  beforeAll(async () => {
    stages.open(); // stages pass unless a test holds them
    app = await buildApp({
      adminToken: ADMIN,
      rateLimit: false,
      verifier: gatedVerifier({ seen, hold, stages }),
    });
    call = injectCall(app);
    must = mustCall(call, ADMIN);
  });
  afterAll(async () => app.close());

  /** A ranked election (mayor and council) with four ballots, tallied. */
  async function tallied(id: string): Promise<LocalElection> {
    const el = await setUpElection(call, ADMIN, { id, voters: 4, n: 3, k: 2, manifest: rankedManifest() });
    for (const [i, r] of [
      { mayor: [1, 2], council: [2] },
      { mayor: [3], council: [1, 'Ada Lovelace'] },
      { mayor: [2, 3, 1], council: [4, 3] },
      { mayor: [1], council: [] },
    ].entries())
      expect((await castRanked(call, el, `voter-${i + 1}`, 'o1', r)).status).toBe(200);
    await must('POST', `/elections/${id}/close`);
    await must('POST', `/elections/${id}/tally`);
    return el;
  }

  const mixUrl = (el: LocalElection, c: string) => `/elections/${el.id}/ranked/${c}/mix`;
  const stageOf = async (el: LocalElection, c: string, x: number) =>
    simulatedMixStage(el.client.ctx.G as Group<unknown>, el.ceremony, await must('GET', mixUrl(el, c)), {
      id: `guardian-${x}`,
      x,
    });
  const upload = (el: LocalElection, c: string, stage: Record<string, unknown>) =>
    call('POST', mixUrl(el, c), stage, ADMIN);

  /** The request entry's bytes as `makeRequest` gives them from the last stages in the mix files. */
  async function expectedEntry(el: LocalElection, request: { logIndex: number }) {
    const G = el.client.ctx.G as Group<unknown>;
    const items: RequestItem<unknown>[] = [];
    const contests = [];
    let maxValue = 1;
    let ceremonyId = '';
    for (const c of [MAYOR, COUNCIL] as RankedContest[]) {
      const mix = (await must('GET', mixUrl(el, c.id))) as {
        ceremonyId: string;
        stages: { outputs: unknown }[];
      };
      ceremonyId = mix.ceremonyId;
      const rows = rowsFromJson(G, mix.stages.at(-1)!.outputs, 'outputs');
      rows.forEach((row, i) =>
        row.forEach((ct, k) => items.push({ id: `${c.id}/${i}/${k}`, target: { kind: 'selection', ct } })),
      );
      const layout = rankedLayout(G, c);
      maxValue = Math.max(maxValue, layout.maxValue);
      const status = await must('GET', `/elections/${el.id}/ranked`);
      const st = (status.contests as { contestId: string; stages: { logIndex: number }[] }[]).find(
        (s) => s.contestId === c.id,
      )!;
      contests.push({
        contestId: c.id,
        logIndex: st.stages.at(-1)!.logIndex,
        rows: rows.length,
        w: layout.width,
      });
    }
    const req = makeRequest(G, ceremonyId, 'ranked', maxValue, items);
    const [row] = await app.evident.store.logEntries(el.id, request.logIndex, 1);
    const text = Buffer.from(row!.entry).toString('utf8');
    const { time } = JSON.parse(text) as { time: number };
    const fields = {
      kind: 'ranked',
      version: 2,
      ceremonyId,
      maxValue,
      items: items.length,
      digest: req.digest,
      contests,
    };
    return {
      text,
      expected: canonicalJsonString({ type: 'decryption-request', ...fields, time }),
      fields,
      G,
    };
  }

  it('lets a cast commit while the digest is computed, and posts the same entry as before', async () => {
    const el = await tallied('held');
    const other = await setUpElection(call, ADMIN, { id: 'casting', voters: 1, n: 2, k: 2 });
    for (const x of [1, 2]) await must('POST', mixUrl(el, 'mayor'), await stageOf(el, 'mayor', x));
    await must('POST', mixUrl(el, 'council'), await stageOf(el, 'council', 1));
    const last = upload(el, 'council', await stageOf(el, 'council', 2));
    await untilTrue(() => seen.length === 1);
    // the digest waits on the gate: the writer is free
    const cast = castBallot(call, other, 'voter-1', 'o2');
    const first = await Promise.race([cast, new Promise((ok) => setTimeout(() => ok('held'), 20_000))]);
    expect((first as { r: { status: number } }).r?.status).toBe(200);
    const mixing = (await must('GET', `/elections/${el.id}/ranked`)) as { contests: { stages: unknown[] }[] };
    expect(mixing.contests.map((c) => c.stages.length)).toEqual([2, 1]);
    hold.open();
    const r = await last;
    expect([r.status, r.json.complete, r.json.request?.kind]).toEqual([200, true, 'ranked']);
    const mixed = (await must('GET', `/elections/${el.id}/ranked`)) as {
      contests: { stages: { logIndex: number }[] }[];
    };
    expect(seen).toEqual([`mayor@${mixed.contests[0]!.stages[1]!.logIndex},council@-1`]);
    const { text, expected, fields, G } = await expectedEntry(el, r.json.request);
    expect(text).toBe(expected);
    expect(r.json.request).toEqual({
      kind: 'ranked',
      digest: fields.digest,
      items: fields.items,
      logIndex: r.json.request.logIndex,
    });
    // the digest the writer job computed before, from the store's chunks
    const before = await rankedRequestDigest(
      fields.ceremonyId,
      fields.maxValue,
      fields.contests,
      G.elementLength,
      (p) => storedChunks(app.evident.store, el.id, p.logIndex),
    );
    expect(before).toEqual({ digest: fields.digest, items: fields.items });
    expect(
      (await must('GET', `/elections/${el.id}/decryption`)).requests.map((q: { kind: string }) => q.kind),
    ).toEqual(['tally', 'ranked']);
  });

  it('computes the request again when another contest completed the mix meanwhile', async () => {
    const el = await tallied('race');
    for (const c of ['mayor', 'council']) await must('POST', mixUrl(el, c), await stageOf(el, c, 1));
    seen.length = 0;
    const held = { ...gate(), arrived: 0 };
    Object.assign(stages, held);
    const both = Promise.all(
      await Promise.all(['mayor', 'council'].map(async (c) => [c, await stageOf(el, c, 2)] as const)).then(
        (s) => s.map(([c, st]) => upload(el, c, st)),
      ),
    );
    // both stages checked at once: each read the mix before the other's stage was written
    await untilTrue(() => stages.arrived === 2);
    held.open();
    const answers = await both;
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const withRequest = answers.filter((a) => a.json.request);
    expect(withRequest).toHaveLength(1);
    expect(answers.map((a) => a.json.complete)).toEqual([true, true]);
    // computed once, by the upload whose job found the mix complete, after the other's commit
    expect(seen).toHaveLength(1);
    const { text, expected } = await expectedEntry(el, withRequest[0]!.json.request);
    expect(text).toBe(expected);
  });
});
