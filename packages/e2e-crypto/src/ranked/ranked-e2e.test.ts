import { describe, it, expect } from 'vitest';
import { publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { plaintextsOf, singleKeyDecryptionVerifier, singleKeyDecryptor } from '../mixnet/decryption.js';
import { mixSessionHash } from '../mixnet/generators.js';
import { runMixChain, verifyMixChain } from '../mixnet/mix-chain.js';
import { encryptRankedBallot, type RankedContest, verifyRankedBallot } from './ranked-ballot.js';
import { countRankedContest, verifyRankedCount } from './verify-count.js';
import { countInstantRunoff } from './instant-runoff.js';

const G = ristretto;
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const hE = new Uint8Array(32).fill(3);
const contest: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo', 'Cy'], ranks: 3, seats: 1 };

describe('ranked-choice contest end to end (single-key decryption)', () => {
  it('encrypt → validity proofs → mix chain → verifiable decryption → instant-runoff count', () => {
    const rankings = [[1, 2], [2], [3, 2, 1], [1], [2, 3], [3, 1]];
    const ballots = rankings.map((r) => encryptRankedBallot(G, pk, hE, contest, r));
    for (const b of ballots) expect(verifyRankedBallot(G, pk, hE, contest, b)).toEqual([]);

    const session = mixSessionHash(hE, `contest:${contest.id}`);
    const inputs = ballots.map((b) => b.row);
    const stages = runMixChain(G, pk, session, inputs, ['g1', 'g2']);
    expect(verifyMixChain(G, pk.K, session, inputs, stages)).toEqual([]);

    const last = stages.at(-1)!.outputs;
    const decs = singleKeyDecryptor(G, s, session).decryptRows(last);
    expect(singleKeyDecryptionVerifier(G, pk.K, session)(last, decs)).toEqual([]);
    const rows = plaintextsOf(G, pk.K, decs, contest.candidates.length);
    const result = countRankedContest(contest, rows);
    expect(result).toEqual(countInstantRunoff(contest.candidates, rankings));
    expect(verifyRankedCount(contest, rows, result)).toEqual([]);
  });

  it('rejects a ballot whose position encrypts a value outside 0..m, or a changed proof', () => {
    const b = encryptRankedBallot(G, pk, hE, contest, [2, 1]);
    const other = encryptRankedBallot(G, pk, hE, contest, [3]);
    expect(
      verifyRankedBallot(G, pk, hE, contest, { ...b, row: [b.row[0]!, other.row[1]!, b.row[2]!] }),
    ).toMatchObject([{ check: 'B2', where: 'proofs[1]' }]);
    expect(verifyRankedBallot(G, pk, hE, contest, { ...b, proofs: b.proofs.slice(1) })).toMatchObject([
      { check: 'B1', where: 'proofs' },
    ]);
    expect(() => encryptRankedBallot(G, pk, hE, contest, [1, 1])).toThrow(RangeError);
    expect(() => encryptRankedBallot(G, pk, hE, contest, [4])).toThrow(RangeError);
  });
});
