import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { countInstantRunoff } from './instant-runoff.js';
import { countStv, STV_SCALE } from './stv.js';
import { interpretRanking } from './ranking.js';
import { countRankedContest, verifyRankedCount } from './verify-count.js';
import type { RankedContest } from './ranked-ballot.js';

const rep = (n: number, b: number[]) => Array.from({ length: n }, () => b);

describe('instant-runoff', () => {
  it('counts a textbook election round by round', () => {
    // A 8 first, B 7, C 5 (C's voters prefer B): C out, B wins 12–8
    const ballots = [...rep(8, [1, 2]), ...rep(7, [2, 1]), ...rep(5, [3, 2])];
    const r = countInstantRunoff(['A', 'B', 'C'], ballots);
    expect(r.elected).toEqual(['B']);
    expect(r.rounds).toEqual([
      { round: 1, tallies: { A: '8', B: '7', C: '5' }, exhausted: '0', action: 'exclude', candidates: ['C'] },
      { round: 2, tallies: { A: '8', B: '12' }, exhausted: '0', action: 'elect', candidates: ['B'] },
    ]);
  });

  it('counts exhausted ballots and needs a majority of continuing ones', () => {
    const ballots = [...rep(4, [1]), ...rep(3, [2]), ...rep(2, [3])];
    const r = countInstantRunoff(['A', 'B', 'C'], ballots);
    expect(r.rounds[1]).toMatchObject({
      tallies: { A: '4', B: '3' },
      exhausted: '2',
      action: 'elect',
      candidates: ['A'],
    });
  });

  it('breaks a tie for last place by the earlier round, then by contest order (T1)', () => {
    const r = countInstantRunoff(
      ['A', 'B', 'C', 'D'],
      [...rep(5, [1]), ...rep(3, [2]), ...rep(3, [3]), ...rep(1, [4, 2])],
    );
    expect(r.rounds[0]!.candidates).toEqual(['D']);
    expect(r.rounds[1]!.candidates).toEqual(['C']); // B 4, C 3 → C
    const t = countInstantRunoff(['A', 'B', 'C'], [...rep(3, [1]), ...rep(2, [2]), ...rep(2, [3])]);
    expect(t.rounds[0]!.candidates).toEqual(['C']);
  });

  it('a first-preference majority wins in round 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.shuffledSubarray([1, 2, 3, 4], { minLength: 1 }), { maxLength: 40 }),
        (ballots) => {
          const r = countInstantRunoff(['A', 'B', 'C', 'D'], ballots);
          expect(r.elected).toHaveLength(1);
          const first = [1, 2, 3, 4].map((c) => ballots.filter((b) => b[0] === c).length);
          const maj = first.findIndex((n) => 2 * n > ballots.length);
          if (maj >= 0) expect(r.elected[0]).toBe('ABCD'[maj]);
          const sum = (t: Record<string, string>) => Object.values(t).reduce((a, v) => a + Number(v), 0);
          for (const round of r.rounds)
            expect(sum(round.tallies) + Number(round.exhausted)).toBe(ballots.length);
        },
      ),
    );
  });
});

describe('STV (weighted inclusive Gregory)', () => {
  it('transfers a surplus at the Gregory value', () => {
    // 2 seats, 30 ballots: quota 11. A 20 (A>B 10, A>C 10), B 4, C 6
    const ballots = [...rep(10, [1, 2]), ...rep(10, [1, 3]), ...rep(4, [2]), ...rep(6, [3])];
    const r = countStv(['A', 'B', 'C'], 2, ballots);
    expect(r.quota).toBe(11);
    expect(r.rounds[0]).toMatchObject({
      action: 'elect',
      candidates: ['A'],
      tallies: { A: '20.000000', B: '4.000000', C: '6.000000' },
    });
    expect(r.rounds[1]).toMatchObject({ action: 'transfer', candidates: ['A'], transferValue: '0.450000' });
    // B 4 + 10·0.45 = 8.5, C 6 + 4.5 = 10.5
    expect(r.rounds[2]!.tallies).toEqual({ A: '11.000000', B: '8.500000', C: '10.500000' });
    expect(r.elected).toEqual(['A', 'C']);
  });

  it('elects exactly the seats, and conserves votes up to truncation (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.shuffledSubarray([1, 2, 3, 4, 5], { minLength: 0 }), { maxLength: 50 }),
        fc.integer({ min: 1, max: 4 }),
        (ballots, seats) => {
          const r = countStv(['A', 'B', 'C', 'D', 'E'], seats, ballots);
          expect(new Set(r.elected).size).toBe(seats);
          const V = BigInt(ballots.filter((b) => b.length > 0).length) * STV_SCALE;
          const fx = (s: string) => BigInt(s.replace('.', ''));
          for (const round of r.rounds) {
            const total = Object.values(round.tallies).reduce((a, v) => a + fx(v), 0n) + fx(round.exhausted);
            expect(total <= V).toBe(true);
            expect(V - total <= BigInt(ballots.length * 5)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('interpretation and verification of a count', () => {
  const contest: RankedContest = { id: 'council', candidates: ['A', 'B', 'C', 'D'], ranks: 3, seats: 2 };
  const rows = [
    [1, 2, 0],
    [1, 0, 3],
    [2, 2, 4],
    [3, 1, 2],
    [4, 3, 0],
    [1, 4, 2],
    [2, 1, 0],
  ];

  it('skips blanks and repeated candidates (I1, I2); rejects values outside 0..m (I3)', () => {
    expect(interpretRanking([0, 2, 2, 1], 4)).toEqual({ ok: true, preferences: [2, 1] });
    expect(interpretRanking([1, 5], 4)).toEqual({ ok: false, position: 1, value: 5 });
  });

  it('accepts the recomputed count and names any changed field', () => {
    const pub = countRankedContest(contest, rows);
    expect(verifyRankedCount(contest, rows, pub)).toEqual([]);
    const r0 = pub.rounds[0]!;
    const tampered = {
      ...pub,
      rounds: [{ ...r0, tallies: { ...r0.tallies, A: '9.000000' } }, ...pub.rounds.slice(1)],
    };
    expect(verifyRankedCount(contest, rows, tampered)).toEqual([
      { check: 'K3', where: 'rounds[0].tallies', message: expect.any(String) },
    ]);
    expect(verifyRankedCount(contest, rows, { ...pub, elected: [...pub.elected].reverse() })[0]!.check).toBe(
      'K4',
    );
    expect(verifyRankedCount(contest, rows, { ...pub, quota: 1 })[0]).toMatchObject({
      check: 'K2',
      where: 'quota',
    });
    expect(verifyRankedCount(contest, [...rows, [9, 0, 0]], pub)[0]).toMatchObject({
      check: 'K1',
      where: 'rows[7][0]',
    });
  });
});
