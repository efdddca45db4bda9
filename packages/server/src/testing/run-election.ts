/**
 * A whole online election through the HTTP API, for tests: set up (in-process ceremony), cast
 * with revotes and challenges, close, tally, decrypt with simulated guardians over HTTP (the
 * last guardian absent), publish. Talks to the server only through `call`.
 * @module
 */
import type { Group } from '@evident/e2e-crypto';
import {
  castBallot,
  mustCall,
  setUpElection,
  type Call,
  type LocalElection,
  type SetUpOptions,
} from './local-election.js';
import { type SimulatedGuardian, simulatedGuardian } from './trustee-sim.js';

/** One voter's actions, in order: option labels to cast, or `!o2` to challenge a ballot for o2. */
export type VoterScript = readonly string[];

/**
 * Runs the election.
 * @param scripts - voter index (1-based, "voter-<i>") → what the voter does
 * @throws {Error} when a step does not answer 2xx
 */
export async function runElection(
  call: Call,
  admin: string,
  scripts: readonly VoterScript[],
  o: SetUpOptions = {},
): Promise<LocalElection> {
  const n = o.n ?? 3;
  const k = o.k ?? 2;
  const el = await setUpElection(call, admin, { voters: scripts.length, ...o, n, k });
  for (const [i, script] of scripts.entries()) {
    for (const step of script) {
      const intent = step.startsWith('!') ? 'challenge' : 'cast';
      const option = intent === 'challenge' ? step.slice(1) : step;
      const { r } = await castBallot(call, el, `voter-${i + 1}`, option, intent);
      if (r.status >= 300)
        throw new Error(`${intent} voter-${i + 1} ${option}: ${r.status} ${JSON.stringify(r.json)}`);
    }
  }
  await closeAndDecrypt(call, admin, el, n, k);
  return el;
}

/**
 * Closes, tallies and decrypts over HTTP with guardians 1..n−1 simulated (guardian n absent).
 * @throws {Error} when a step does not answer 2xx
 */
export async function closeAndDecrypt(
  call: Call,
  admin: string,
  el: LocalElection,
  n: number,
  k: number,
): Promise<void> {
  const must = mustCall(call, admin);
  const G = el.client.ctx.G as Group<unknown>;
  await must('POST', `/elections/${el.id}/close`);
  const { requests } = await must('POST', `/elections/${el.id}/tally`);
  const kinds = (requests as { kind: string }[]).map((r) => r.kind);
  const present = Array.from({ length: n - 1 }, (_, t) => simulatedGuardian(G, el.ceremony, t + 1, k));
  await decryptRounds(must, el, present, kinds);
}

/**
 * The guardians' two rounds over HTTP for every request kind in `kinds`: each present guardian
 * uploads its partial decryptions, the administrator closes round 1, each answers the challenge.
 * @param tokens - guardian x → its trustee token (else `must`'s default token)
 * @throws {Error} when a step does not answer 2xx
 */
export async function decryptRounds(
  must: ReturnType<typeof mustCall>,
  el: Pick<LocalElection, 'id'>,
  present: readonly SimulatedGuardian[],
  kinds: readonly string[],
  tokens?: ReadonlyMap<number, string>,
): Promise<void> {
  const files = new Map<string, Record<string, unknown>>();
  for (const kind of kinds)
    files.set(kind, await must('GET', `/elections/${el.id}/decryption/${kind}/request`));
  for (const g of present)
    for (const kind of kinds)
      await must(
        'POST',
        `/elections/${el.id}/decryption/${kind}/partials`,
        g.partial(files.get(kind)!),
        tokens?.get(g.x),
      );
  await must('POST', `/elections/${el.id}/decryption/challenge`);
  for (const g of present)
    for (const kind of kinds) {
      const ch = await must('GET', `/elections/${el.id}/decryption/${kind}/challenge`);
      await must(
        'POST',
        `/elections/${el.id}/decryption/${kind}/responses`,
        g.respond(files.get(kind)!, ch),
        tokens?.get(g.x),
      );
    }
  await publicationEnded(must, el.id);
}

/**
 * Waits until no publication of election `id` runs on the server (the last response starts it
 * after its answer, spec/server-api.md §7.2 step 4).
 * @returns the decryption's status: `done` once published, `publishFailure` when it failed
 * @throws {Error} when it still runs after `timeoutMs`
 */
export async function publicationEnded(
  must: (method: string, url: string) => Promise<Record<string, unknown>>,
  id: string,
  timeoutMs = 300_000,
): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const st = await must('GET', `/elections/${id}/decryption`);
    if (st.publishing !== true) return st;
    if (Date.now() > until) throw new Error(`the publication of ${id} still runs after ${timeoutMs} ms`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}
