/**
 * A node that starts resumes the publications left unfinished (spec/server-api.md §7.2 step 4):
 * a node that died after storing the last guardian response, before the results were out, left
 * an election tallied whose publication only a later `POST …/decryption/combine` used to run.
 * Here the first node's publication of one election fails (as if it died in it: the publication
 * writes everything in one batch, so nothing of it is stored); two nodes then start on the same
 * store: both resume it — the first held while the second publishes — the first says
 * `publishing: true` meanwhile, neither fails, the results are posted once and are those of the
 * same election published without interruption. A decryption still waiting for a response is
 * not published, and a node started with nothing unfinished starts nothing. On SQLite and on
 * PostgreSQL (the store's file path is a schema there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Group } from '@evident/e2e-crypto';
import { buildApp } from '../app.js';
import { castBallot, injectCall, mustCall, setUpElection } from '../testing/local-election.js';
import { publicationEnded, runElection } from '../testing/run-election.js';
import { simulatedGuardian } from '../testing/trustee-sim.js';
import { inlineVerifier, type BallotVerifier } from '../verify/verifier.js';
import { resumePublications } from './publication-jobs.js';

const ADMIN = 'evd_publication-resume-admin';
const dir = mkdtempSync(join(tmpdir(), 'evd-publication-resume-'));
const dbPath = join(dir, 'server.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type App = Awaited<ReturnType<typeof buildApp>>;
/** What a node's verifier does with the publication: counted; failed while `fail`; held until `hold`. */
interface Publishing {
  calls: number;
  fail?: boolean;
  hold?: Promise<void>;
}

function node(p: Publishing): Promise<App> {
  const v = inlineVerifier();
  const verifier: BallotVerifier = {
    ...v,
    async checkUpload(c) {
      if (c.round !== 'publish') return v.checkUpload(c);
      p.calls++;
      await p.hold;
      if (p.fail) throw new Error('the node died');
      return v.checkUpload(c);
    },
  };
  return buildApp({ adminToken: ADMIN, rateLimit: false, dbPath, durability: 'normal', verifier });
}

const SCRIPTS = [['o1'], ['o2', 'o3'], ['!o1', 'o3'], ['o3']];
const typesOf = async (app: App, id: string) =>
  (await app.evident.store.logEntries(id, 0, 100_000)).map(
    (r) => (JSON.parse(Buffer.from(r.entry).toString('utf8')) as { type: string }).type,
  );

describe('publications resumed at start-up', () => {
  it('a node restarted after dying mid-publication publishes by itself, once, the same results', async () => {
    const first: Publishing = { calls: 0 };
    const app1 = await node(first);
    const call1 = injectCall(app1);
    await runElection(call1, ADMIN, SCRIPTS, { id: 'whole' });
    first.fail = true;
    await runElection(call1, ADMIN, SCRIPTS, { id: 'cut' });
    const must1 = mustCall(call1, ADMIN);
    const cut = await must1('GET', '/elections/cut/decryption');
    expect([cut.done, cut.publishing, (cut.publishFailure as { code: string }).code]).toEqual([
      false,
      false,
      'EVD_ERR_INTERNAL',
    ]);
    // an election whose decryption waits for a response: nothing to publish
    const el = await setUpElection(call1, ADMIN, { id: 'waiting', voters: 1, n: 3, k: 2 });
    expect((await castBallot(call1, el, 'voter-1', 'o2')).r.status).toBe(200);
    await must1('POST', '/elections/waiting/close');
    const { requests } = await must1('POST', '/elections/waiting/tally');
    const G = el.client.ctx.G as Group<unknown>;
    const [g1, g2] = [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
    const kind = (requests as { kind: string }[])[0]!.kind;
    const request = await must1('GET', `/elections/waiting/decryption/${kind}/request`);
    for (const g of [g1!, g2!])
      await must1('POST', `/elections/waiting/decryption/${kind}/partials`, g.partial(request));
    await must1('POST', '/elections/waiting/decryption/challenge');
    const ch = await must1('GET', `/elections/waiting/decryption/${kind}/challenge`);
    await must1('POST', `/elections/waiting/decryption/${kind}/responses`, g1!.respond(request, ch));
    expect(first.calls).toBe(2);
    await app1.close();

    // two nodes start on the store: the first holds its publication, the second publishes
    let open: () => void = () => {};
    const a: Publishing = { calls: 0, hold: new Promise<void>((ok) => (open = ok)) };
    const appA = await node(a);
    const mustA = mustCall(injectCall(appA), ADMIN);
    const held = await mustA('GET', '/elections/cut/decryption');
    expect([held.publishing, held.done, (await mustA('GET', '/elections/cut')).state]).toEqual([
      true,
      false,
      'tallied',
    ]);
    const b: Publishing = { calls: 0 };
    const appB = await node(b);
    const mustB = mustCall(injectCall(appB), ADMIN);
    const byB = await publicationEnded(mustB, 'cut');
    expect([byB.done, byB.publishFailure]).toEqual([true, undefined]);
    open();
    const byA = await publicationEnded(mustA, 'cut');
    expect([byA.done, byA.publishing, byA.publishFailure]).toEqual([true, false, undefined]);
    expect([a.calls, b.calls]).toEqual([1, 1]);
    const types = await typesOf(appB, 'cut');
    expect([
      types.filter((t) => t === 'publish').length,
      types.filter((t) => t === 'tally-decryption').length,
    ]).toEqual([1, 1]);
    expect(types.at(-1)).toBe('publish');
    const results = async (id: string) => (await mustB('GET', `/elections/${id}/results`)).results as unknown;
    expect(await results('cut')).toEqual(await results('whole'));
    const counts = (await results('cut')) as { contests: { selections: { value: number }[] }[] };
    expect(counts.contests[0]!.selections.map((x) => x.value)).toEqual([1, 0, 3, 0, 0]);
    const waiting = await mustB('GET', '/elections/waiting/decryption');
    expect([waiting.done, waiting.publishing, (await mustB('GET', '/elections/waiting')).state]).toEqual([
      false,
      false,
      'tallied',
    ]);
    await appA.close();
    await appB.close();

    // nothing unfinished: a node starts no publication
    const c: Publishing = { calls: 0 };
    const appC = await node(c);
    const sizes = async () =>
      Promise.all(['whole', 'cut', 'waiting'].map(async (id) => (await typesOf(appC, id)).length));
    const before = await sizes();
    expect(await resumePublications(appC.evident)).toEqual([]);
    const mustC = mustCall(injectCall(appC), ADMIN);
    for (const id of ['whole', 'cut', 'waiting'])
      expect((await mustC('GET', `/elections/${id}/decryption`)).publishing).toBe(false);
    expect(await sizes()).toEqual(before);
    expect(c.calls).toBe(0);
    await appC.close();
  }, 240_000);
});
