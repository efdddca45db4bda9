/**
 * The ranked election of tests/server-ranked*.test.ts: a server with a 2-of-3 ceremony, six
 * voters with ranked rows in two contests (a revote, a challenge, a write-in), the trustee tokens
 * of guardians 1 and 2, and the helpers that upload a guardian's stage; {@link publishRanked}
 * runs it to a published result (mixed by guardians 1 and 2 in turn, decrypted by both).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Group } from '@evident/e2e-crypto';
import { buildApp } from '../../packages/server/src/app.js';
import {
  injectCall,
  mustCall,
  setUpElection,
  trusteeTokens,
  type Call,
  type LocalElection,
} from '../../packages/server/src/testing/local-election.js';
import { decryptRounds } from '../../packages/server/src/testing/run-election.js';
import { signMixStage, simulatedMixStage } from '../../packages/server/src/testing/mixer-sim.js';
import { castRanked, rankedManifest } from '../../packages/server/src/testing/ranked-election.js';
import { simulatedGuardian } from '../../packages/server/src/testing/trustee-sim.js';

export const ADMIN = 'evd_ranked-admin';

/** voter → [option, mayor ranking, council ranking]; voter-5 revotes, voter-6 challenges first. */
export const VOTES: [string, (number | string)[], (number | string)[]][] = [
  ['o1', [1, 2], [1, 2]],
  ['o2', [2, 1], [2, 'Grace Hopper']],
  ['o1', [3, 2], [3, 1]],
  ['o3', [1], [4]],
  ['o2', [3], [2, 1]], // voter-5's last ballot (first: [2, 3])
  ['o1', [1, 3], ['Grace Hopper', 1]],
];

type Edit = (s: Record<string, unknown>) => void;

/** The server, its election with every ballot cast, and the helpers of the tests. */
export async function rankedServer() {
  const root = mkdtempSync(join(tmpdir(), 'evident-ranked-'));
  const app = await buildApp({ adminToken: ADMIN, rateLimit: false });
  const call: Call = injectCall(app);
  const must = (method: string, path: string, body?: unknown, token = ADMIN) =>
    mustCall(call, token)(method, path, body);
  const el: LocalElection = await setUpElection(call, ADMIN, {
    voters: VOTES.length,
    n: 3,
    k: 2,
    manifest: rankedManifest(),
  });
  const tokens = new Map<number, string>();
  for (const [x, token] of await trusteeTokens(must, [1, 2])) tokens.set(x, token);
  const ok = (r: { status: number; json: unknown }) => expect(r.status, JSON.stringify(r.json)).toBe(200);
  ok(await castRanked(call, el, 'voter-5', 'o1', { mayor: [2, 3], council: [1] }));
  ok(await castRanked(call, el, 'voter-6', 'o2', { mayor: [2], council: [3] }, 'challenge'));
  for (const [i, [o, mayor, council]] of VOTES.entries())
    ok(await castRanked(call, el, `voter-${i + 1}`, o, { mayor, council }));
  const G = el.client.ctx.G as Group<unknown>;

  /** Guardian x's next stage of `contest`, changed by `edit` and signed again (the guardian's own doing). */
  const signedStage = async (contest: string, x: number, edit?: Edit) => {
    const mix = await must('GET', `/elections/${el.id}/ranked/${contest}/mix`);
    const s = simulatedMixStage(G, el.ceremony, mix, { id: `guardian-${x}`, x });
    edit?.(s);
    return signMixStage(el.ceremony, s);
  };
  return {
    root,
    app,
    call,
    must,
    el,
    tokens,
    /** The board's size. */
    size: () => app.evident.logs.get(el.id)!.size,
    signedStage,
    /** Uploads {@link signedStage} with guardian x's token. */
    stage: (contest: string, x: number) => async (edit?: Edit) =>
      call(
        'POST',
        `/elections/${el.id}/ranked/${contest}/mix`,
        await signedStage(contest, x, edit),
        tokens.get(x),
      ),
    /** A stage naming guardian x, signed with `signer`'s key, uploaded with `token`. */
    forged: async (contest: string, x: number, signer: number, token: string) => {
      const mix = await must('GET', `/elections/${el.id}/ranked/${contest}/mix`);
      const s = simulatedMixStage(G, el.ceremony, mix, { id: `guardian-${x}`, x }, signer);
      return call('POST', `/elections/${el.id}/ranked/${contest}/mix`, s, token);
    },
    /** The guardians' two decryption rounds of every request. */
    decrypt: async () => {
      const { requests } = await must('GET', `/elections/${el.id}/decryption`);
      const kinds = (requests as { kind: string }[]).map((r) => r.kind);
      const guardians = [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
      await decryptRounds(must, el, guardians, kinds, tokens);
      return kinds;
    },
  };
}

/** The server's election. */
export type RankedServer = Awaited<ReturnType<typeof rankedServer>>;

/** Closes, tallies, mixes (mayor by guardians 1 then 2, council by 2 then 1) and decrypts. */
export async function publishRanked(s: RankedServer): Promise<void> {
  await s.must('POST', `/elections/${s.el.id}/close`);
  await s.must('POST', `/elections/${s.el.id}/tally`);
  for (const [contest, x] of [
    ['mayor', 1],
    ['mayor', 2],
    ['council', 2],
    ['council', 1],
  ] as const)
    expect((await s.stage(contest, x)()).status).toBe(200);
  await s.decrypt();
}
