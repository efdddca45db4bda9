/**
 * The event loop's share of publishing the results (../tally/publish-results.ts), for the
 * benchmark (`npm run bench:publish`): an election with a ranked contest is run through the API
 * on an in-process server with the worker pool, up to its publication; then the publication's
 * computation (../tally/publish-task.ts) on that election's files is run again, alternately in
 * the calling thread (the in-loop path the server had) and in the pool, each time measuring the
 * main thread's busy time (event-loop utilisation) and its longest block (the largest gap between
 * the ticks of a 1 ms timer): what a health check, a read or an event stream waited for.
 * @module
 */
import { performance } from 'node:perf_hooks';
import type { Group } from '@evident/e2e-crypto';
import { buildApp } from '../app.js';
import { publishTask } from '../tally/publish-results.js';
import { publishEntries, type PublishTask } from '../tally/publish-task.js';
import { isCheckFailure } from '../verify/check-batches.js';
import { workerVerifier } from '../verify/verifier.js';
import { injectCall, mustCall, setUpElection } from './local-election.js';
import { mixBySimulatedGuardians } from './mixer-sim.js';
import { castRanked, MAYOR, rankedManifest } from './ranked-election.js';
import { decryptRounds } from './run-election.js';
import { simulatedGuardian } from './trustee-sim.js';

/** One run of the computation: where, the wall time, the main thread's busy time and its longest block (ms). */
export interface PublicationRun {
  readonly where: 'in-loop' | 'pool';
  readonly wallMs: number;
  readonly mainBusyMs: number;
  readonly longestBlockMs: number;
}

/** Runs `f`, measuring the main thread meanwhile. */
async function observed(f: () => Promise<unknown>): Promise<Omit<PublicationRun, 'where'>> {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await f();
  const t1 = performance.now();
  clearInterval(tick);
  longest = Math.max(longest, t1 - last);
  const elu = performance.eventLoopUtilization(elu0);
  return { wallMs: t1 - t0, mainBusyMs: elu.active, longestBlockMs: longest };
}

/** Runs a ranked election of `voters` voters up to its publication; answers the publication's task. */
async function publishedElection(
  call: ReturnType<typeof injectCall>,
  admin: string,
  voters: number,
): Promise<string> {
  const el = await setUpElection(call, admin, { voters, n: 3, k: 2, manifest: rankedManifest([MAYOR]) });
  const prefs = [[1, 2], [2, 3, 1], [3], [1, 3]];
  for (let i = 0; i < voters; i++) {
    const r = await castRanked(call, el, `voter-${i + 1}`, `o${(i % 3) + 1}`, { mayor: prefs[i % 4]! });
    if (r.status !== 200) throw new Error(`cast voter-${i + 1}: ${r.status}`);
  }
  await castRanked(call, el, 'voter-1', 'o2', { mayor: [2] }, 'challenge');
  const must = mustCall(call, admin);
  await must('POST', `/elections/${el.id}/close`);
  await must('POST', `/elections/${el.id}/tally`);
  await mixBySimulatedGuardians(must, el);
  const G = el.client.ctx.G as Group<unknown>;
  const { requests } = await must('GET', `/elections/${el.id}/decryption`);
  const kinds = (requests as { kind: string }[]).map((r) => r.kind);
  await decryptRounds(
    must,
    el,
    [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2)),
    kinds,
  );
  return el.id;
}

/**
 * Measures the publication of an election of `voters` voters, `rounds` times in each place
 * (alternating, in one process).
 * @returns the runs, the items decrypted, and the main thread's time to gather the files
 */
export async function measurePublication(o: { voters: number; rounds: number; threads?: number }) {
  const admin = 'evd_publish-probe';
  const app = await buildApp({
    adminToken: admin,
    rateLimit: false,
    verifier: workerVerifier(o.threads ?? 2),
  });
  try {
    const id = await publishedElection(injectCall(app), admin, o.voters);
    let task: PublishTask | undefined;
    const gather = await observed(async () => (task = await publishTask(app.evident, id, true)));
    const items = task!.requests.reduce((n, r) => n + (r.request.items as unknown[]).length, 0);
    const runs: PublicationRun[] = [];
    for (let r = 0; r < o.rounds; r++) {
      const inLoop = () => new Promise((resolve) => setImmediate(() => resolve(publishEntries(task!))));
      runs.push({ where: 'in-loop', ...(await observed(inLoop)) });
      const pool = async () => {
        const v = await app.evident.verifier.checkUpload({ round: 'publish', task: task! });
        if (isCheckFailure(v)) throw new Error(v.message);
      };
      runs.push({ where: 'pool', ...(await observed(pool)) });
    }
    return { voters: o.voters, items, gather, runs };
  } finally {
    await app.close();
  }
}
