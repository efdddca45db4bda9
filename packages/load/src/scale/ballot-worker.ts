/**
 * The bulk ballot generator's worker module (run by `@evident/e2e-crypto/worker-pool`): each
 * task encrypts, proves and signs the first ballot of each credential it is given, as a voter's
 * client does (`ballotClient`), and returns the request bodies of `POST /elections/{id}/ballots`
 * as JSON lines. Every ballot is its own encryption, proofs and credential signature.
 * @module
 */
import { workerData } from 'node:worker_threads';
import { chainInitialCode, deviceAux0, toHex } from '@evident/e2e-crypto';
import { ballotClient, deviceOf, type ClientElection } from '@evident/server/testing';

/** One task: credential codes and the option (0-based, contest c1) each voter chooses. */
export interface BallotTask {
  readonly codes: readonly string[];
  readonly choices: readonly number[];
}

const election = workerData as ClientElection;
const client = ballotClient(election);
const contest = election.manifest.contests[0]!;
const style = election.manifest.ballotStyles[0]!.label;

/** Request bodies (`{"ballot":…}` JSON, one per line, each ending in a newline) for `task`. */
export function prepare(task: BallotTask): string {
  const G = client.ctx.G;
  let out = '';
  for (const [i, code] of task.codes.entries()) {
    const cred = client.credential(code);
    const credHex = toHex(G.encode(cred.S));
    const prev = toHex(chainInitialCode(client.ctx.hE, deviceAux0(deviceOf(credHex))));
    const option = contest.options[task.choices[i]! % contest.options.length]!.label;
    const ballot = client.submission(cred, { style, votes: { [contest.label]: { [option]: 1 } } }, prev);
    out += JSON.stringify({ ballot }) + '\n';
  }
  return out;
}
