/**
 * A ranked contest's record folder for the verifier's ranked tests (spec/mixnet.md §8): six
 * ballots of contest `mayor` (three candidates, two ranks, one write-in), a chain of three
 * stages, threshold decryptions by guardians 1 and 3 of a 2-of-3 ceremony, and the count —
 * written by the record's own writer. Its context (`rankedCtx`) is what the verifier's ranked
 * steps take.
 */
import {
  baseHash,
  countRankedContest,
  encryptRankedBallot,
  keyShareCommitment,
  manifestHash,
  mixSessionHash,
  parameterBaseHash,
  publicKey,
  type RankedContest,
  readRankedRows,
  ristretto,
  runLocalCeremony,
  runMixChain,
  thresholdRowDecryptor,
  utf8Bytes,
} from '@evident/e2e-crypto';
import { writeRankedContest } from '@evident/record';

const G = ristretto;
const hP = parameterBaseHash(G);
const cer = runLocalCeremony(G, hP, baseHash(hP, manifestHash(hP, utf8Bytes('record')), 3, 2), 3, 2);
const all = cer.guardians.map((g) => g.commitments);
const setup = {
  ctx: { K: cer.K, hE: cer.hE },
  k: 2,
  keyShareCommitments: new Map(cer.secrets.map((s) => [s.i, keyShareCommitment(G, all, s.i)])),
};
const pk = publicKey(G, cer.K);
/** The ranked steps' context: ristretto255, K, H_E, three stages at least. */
export const rankedCtx = { G, K: cer.K, hE: cer.hE, minStages: 3 };
const contest: RankedContest = {
  id: 'mayor',
  candidates: ['Ada', 'Bo', 'Cy'],
  ranks: 2,
  seats: 1,
  writeIns: 1,
  writeInBytes: 30,
};
const rankings: (number | string)[][] = [[1, 2], [2], [3, 'Grace'], ['Grace', 1], [2, 3], [1]];

/** Writes the contest's folder under `dir/ranked/mayor/`. @returns dir */
export async function makeRankedRecord(dir: string): Promise<string> {
  const ballots = rankings.map((r, i) => ({
    id: `b-${i + 1}`,
    ballot: encryptRankedBallot(G, pk, cer.hE, contest, r),
  }));
  const session = mixSessionHash(cer.hE, `contest:${contest.id}`);
  const stages = runMixChain(
    G,
    pk,
    session,
    ballots.map((b) => b.ballot.row),
    ['t1', 't2', 't3'],
  );
  const decryptions = thresholdRowDecryptor(G, setup, [
    { i: 1, Pi: cer.secrets[0]!.Pi },
    { i: 3, Pi: cer.secrets[2]!.Pi },
  ]).decryptRows(stages.at(-1)!.outputs);
  const plaintexts = readRankedRows(G, cer.K, contest, decryptions);
  const count = countRankedContest(
    contest,
    plaintexts.map((p) => p.ranks),
    plaintexts.map((p) => p.writeIns),
  );
  await writeRankedContest(dir, G, { contest, ballots, stages, decryptions, plaintexts, count });
  return dir;
}

/** The failures of the failed steps, each with its step's id. */
export const failed = (
  steps: readonly { id: string; status: string; failures: readonly Failure[] }[],
): (Failure & { step: string })[] =>
  steps.filter((s) => s.status === 'failed').flatMap((s) => s.failures.map((f) => ({ step: s.id, ...f })));

interface Failure {
  readonly check: string;
  readonly location: string;
  readonly message: string;
}
