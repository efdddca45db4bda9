/**
 * Ranked rows inside a ballot (spec/ranked-choice.md §2.5–§2.7), ristretto255: nonces derived
 * from ξ_B open the rows (rank values and write-in names), a wrong nonce or a changed
 * ciphertext does not, the nonces are separated from the selection nonces, and the contest hash
 * changes with any ciphertext.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { publicKey } from '../elgamal/elgamal.js';
import { contestDataNonce, selectionNonce } from '../election/nonces.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { verifyRankedBallot, type RankedContest } from './ranked-ballot.js';
import { rankedNonce } from './ranked-nonce.js';
import {
  encryptRankedRows,
  openRankedBallot,
  rankedContestHash,
  rankedContestIndex,
} from './ranked-opening.js';

const G = ristretto;
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const hE = new Uint8Array(32).fill(7);
const mayor: RankedContest = { id: 'mayor', candidates: ['A', 'B', 'C'], ranks: 3, seats: 1, writeIns: 1 };
const council: RankedContest = { id: 'council', candidates: ['D', 'E'], ranks: 2, seats: 1 };

describe('ranked rows opened by the ballot nonce', () => {
  const xiB = randomScalar(G.q);
  const rows = encryptRankedRows(G, pk, hE, 4, [mayor, council], xiB, {
    mayor: [2, 'Grace  Hopper ', 1],
    council: [],
  });

  it('ind_c of ranked contests follow the ordinary ones', () => {
    expect(rankedContestIndex(4, 0)).toBe(5);
    expect(rankedContestIndex(0, 2)).toBe(3);
    expect(() => rankedContestIndex(-1, 0)).toThrow(RangeError);
  });

  it('opens every row: rank values and write-in names', () => {
    const a = openRankedBallot(G, pk, hE, mayor, rows.ballots[0]!, xiB, 5);
    expect(a).toEqual({
      ok: true,
      opening: { contestId: 'mayor', ranks: [2, 4, 1], writeIns: ['Grace Hopper'] },
    });
    const b = openRankedBallot(G, pk, hE, council, rows.ballots[1]!, xiB, 6);
    expect(b).toEqual({ ok: true, opening: { contestId: 'council', ranks: [0, 0], writeIns: [] } });
  });

  it('the derived rows keep valid proofs (B1–B3)', () => {
    expect(verifyRankedBallot(G, pk, hE, mayor, rows.ballots[0]!)).toEqual([]);
    expect(verifyRankedBallot(G, pk, hE, council, rows.ballots[1]!)).toEqual([]);
  });

  it('a wrong nonce, a wrong ind_c or a changed β does not open', () => {
    expect(openRankedBallot(G, pk, hE, mayor, rows.ballots[0]!, randomScalar(G.q), 5)).toEqual({
      ok: false,
      where: 'row[0].alpha',
    });
    expect(openRankedBallot(G, pk, hE, mayor, rows.ballots[0]!, xiB, 6)).toEqual({
      ok: false,
      where: 'row[0].alpha',
    });
    const row = [...rows.ballots[0]!.row];
    row[1] = { alpha: row[1]!.alpha, beta: G.mul(row[1]!.beta, G.gExp(12345n)) };
    expect(openRankedBallot(G, pk, hE, mayor, { ...rows.ballots[0]!, row }, xiB, 5)).toEqual({
      ok: false,
      where: 'row[1].beta',
    });
  });

  it('the contest hash is eq 57 over the row and changes with any ciphertext', () => {
    expect(rows.hashes[0]).toEqual(rankedContestHash(G, hE, 5, pk.K, rows.ballots[0]!.row));
    const row = rows.ballots[0]!.row;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: row.length - 1 }), fc.boolean(), (k, alpha) => {
        const changed = row.map((ct, j) =>
          j !== k
            ? ct
            : alpha
              ? { ...ct, alpha: G.mul(ct.alpha, G.g) }
              : { ...ct, beta: G.mul(ct.beta, G.g) },
        );
        expect(rankedContestHash(G, hE, 5, pk.K, changed)).not.toEqual(rows.hashes[0]);
      }),
      { numRuns: 10 },
    );
    expect(rankedContestHash(G, hE, 6, pk.K, row)).not.toEqual(rows.hashes[0]);
  });

  it('ranked nonces are separated from selection and contest-data nonces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (c, k) => {
        const x = rankedNonce(G, hE, xiB, c, k);
        expect(x).not.toBe(selectionNonce(G, hE, xiB, c, k));
        expect(x).not.toBe(contestDataNonce(G, hE, xiB, c));
        expect(x).not.toBe(rankedNonce(G, hE, xiB, c, k + 1));
      }),
      { numRuns: 20 },
    );
  });
});
