/**
 * Ranked-choice elections for tests and the demo: a manifest with one plurality contest and two
 * ranked contests (instant-runoff; STV with a write-in slot), and a voter's cast with rankings,
 * through the HTTP API only.
 * @module
 */
import {
  ballotDigest,
  credentialSignatureToJson,
  signWithCredential,
  type Group,
  type Manifest,
  type RankedContest,
} from '@evident/e2e-crypto';
import type { Call, Intent, LocalElection } from './local-election.js';
import { nextSubmission, simpleManifest, submitPath } from './local-election.js';

/** Mayor: 3 candidates, 3 ranks, one seat (instant-runoff). */
export const MAYOR: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo', 'Cy'], ranks: 3, seats: 1 };
/** Council: 4 candidates, 2 ranks, two seats (STV), one write-in slot. */
export const COUNCIL: RankedContest = {
  id: 'council',
  candidates: ['Pia', 'Quinn', 'Rui', 'Sol'],
  ranks: 2,
  seats: 2,
  writeIns: 1,
};

/** {@link simpleManifest} with ranked contests (default: mayor and council). */
export function rankedManifest(contests: readonly RankedContest[] = [MAYOR, COUNCIL], options = 3): Manifest {
  return { ...simpleManifest(options), rankedContests: contests };
}

/**
 * One voter's cast (or challenge) with rankings, on the credential's chain.
 * @param rankings - ranked contest id → preferences (candidate numbers, write-in names)
 * @param edit - tests: changes the submission, which is then signed again (so that only the
 *   change is at fault)
 * @returns the HTTP status and body
 */
export async function castRanked(
  call: Call,
  el: LocalElection,
  voter: string,
  option: string,
  rankings: Readonly<Record<string, readonly (number | string)[]>>,
  intent: Intent = 'cast',
  edit?: (sub: Record<string, unknown>) => Record<string, unknown>,
) {
  const { cred, sub: signed } = await nextSubmission(call, el, voter, option, intent, rankings);
  const sub = signed as unknown as Record<string, unknown>;
  let body = sub;
  if (edit) {
    const G = el.client.ctx.G as Group<unknown>;
    const { signature: _old, ...unsigned } = edit(structuredClone(sub));
    const hE = el.client.ctx.hE;
    const sig = signWithCredential(G, hE, cred.s, intent, ballotDigest(hE, unsigned));
    body = { ...unsigned, signature: credentialSignatureToJson(G, sig) };
  }
  return call('POST', submitPath(el.id, intent), { ballot: body });
}
