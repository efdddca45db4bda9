/**
 * A ranked-choice contest end to end with the guardians' threshold decryption:
 * ranked ballots with a write-in → validity proofs → a 3-trustee mix chain → threshold
 * decryption by 3 of 5 guardians (two missing) → instant-runoff and STV counts → verifyRankedCount.
 */
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../bytes.js';
import { baseHash, manifestHash, parameterBaseHash } from '../election/base-hashes.js';
import { publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { runLocalCeremony } from '../keyceremony/local-ceremony.js';
import { keyShareCommitment } from '../keyceremony/polynomial.js';
import { mixSessionHash } from '../mixnet/generators.js';
import { runMixChain, verifyMixChain } from '../mixnet/mix-chain.js';
import { thresholdRowDecryptionVerifier, thresholdRowDecryptor } from '../mixnet/threshold-decryption.js';
import { countInstantRunoff } from './instant-runoff.js';
import { encryptRankedBallot, type RankedContest, verifyRankedBallot } from './ranked-ballot.js';
import { readRankedRows } from './read-rows.js';
import { countStv } from './stv.js';
import { countRankedContest, verifyRankedCount } from './verify-count.js';

const G = ristretto;
const hP = parameterBaseHash(G);
const ceremony = runLocalCeremony(G, hP, baseHash(hP, manifestHash(hP, utf8Bytes('ranked')), 5, 3), 5, 3);
const all = ceremony.guardians.map((g) => g.commitments);
const setup = {
  ctx: { K: ceremony.K, hE: ceremony.hE },
  k: 3,
  keyShareCommitments: new Map(ceremony.secrets.map((s) => [s.i, keyShareCommitment(G, all, s.i)])),
};
const pk = publicKey(G, ceremony.K);
const hE = ceremony.hE;
const available = [1, 3, 4].map((i) => ({ i, Pi: ceremony.secrets[i - 1]!.Pi }));

function runContest(contest: RankedContest, rankings: (number | string)[][]) {
  const ballots = rankings.map((r) => encryptRankedBallot(G, pk, hE, contest, r));
  for (const b of ballots) expect(verifyRankedBallot(G, pk, hE, contest, b)).toEqual([]);
  const session = mixSessionHash(hE, `contest:${contest.id}`);
  const inputs = ballots.map((b) => b.row);
  const stages = runMixChain(G, pk, session, inputs, ['trustee-1', 'trustee-2', 'trustee-3']);
  expect(verifyMixChain(G, pk.K, session, inputs, stages, 3)).toEqual([]);
  const last = stages.at(-1)!.outputs;
  const decs = thresholdRowDecryptor(G, setup, available).decryptRows(last);
  expect(thresholdRowDecryptionVerifier(G, setup.ctx)(last, decs)).toEqual([]);
  const plain = readRankedRows(G, pk.K, contest, decs);
  const rows = plain.map((p) => p.ranks);
  const names = plain.map((p) => p.writeIns);
  return { rows, names, result: countRankedContest(contest, rows, names) };
}

describe('ranked contests with threshold decryption (n=5, k=3, guardians 2 and 5 missing)', () => {
  it('instant-runoff with a write-in: the count equals the plaintext count and verifies', () => {
    const contest: RankedContest = {
      id: 'mayor',
      candidates: ['Ada', 'Bo', 'Cy'],
      ranks: 3,
      seats: 1,
      writeIns: 1,
      writeInBytes: 30,
    };
    const rankings: (number | string)[][] = [
      [1, 2],
      [2],
      [3, 2, 1],
      [1],
      [2, 3],
      ['Grace Hopper', 1],
      ['Grace Hopper'],
      [3, 'Grace Hopper'],
      [],
      [2, 1],
    ];
    const { rows, names, result } = runContest(contest, rankings);
    const expected = countInstantRunoff(
      ['Ada', 'Bo', 'Cy', 'Grace Hopper'],
      rankings.map((r) => r.map((c) => (typeof c === 'string' ? 4 : c))),
    );
    expect(result).toEqual(expected);
    expect(result.rounds[0]!.tallies).toEqual({ Ada: '2', Bo: '3', Cy: '2', 'Grace Hopper': '2' });
    expect(verifyRankedCount(contest, rows, result, names)).toEqual([]);
    const lied = { ...result, elected: ['Cy'] };
    expect(verifyRankedCount(contest, rows, lied, names)[0]).toMatchObject({
      check: 'K4',
      where: 'elected',
    });
    // a changed write-in name changes the recount
    const renamed = names.map((n) => n.map((x) => (x === 'Grace Hopper' ? 'Grace H.' : x)));
    expect(verifyRankedCount(contest, rows, result, renamed).length).toBeGreaterThan(0);
  });

  it('STV, 2 seats: the count equals the plaintext count and verifies', () => {
    const contest: RankedContest = { id: 'council', candidates: ['A', 'B', 'C', 'D'], ranks: 3, seats: 2 };
    const rankings = [[1, 2], [1, 3], [1, 2, 4], [1, 4], [2, 1], [3, 4], [4, 3], [3], [2, 3], [1, 2, 3]];
    const { rows, names, result } = runContest(contest, rankings);
    expect(result).toEqual(countStv(contest.candidates, 2, rankings));
    expect(result.method).toBe('stv');
    expect(verifyRankedCount(contest, rows, result, names)).toEqual([]);
    const tampered = {
      ...result,
      rounds: result.rounds.map((r, i) => (i === 0 ? { ...r, exhausted: '1.000000' } : r)),
    };
    expect(verifyRankedCount(contest, rows, tampered, names)[0]).toMatchObject({
      check: 'K3',
      where: 'rounds[0].exhausted',
    });
  });
});
