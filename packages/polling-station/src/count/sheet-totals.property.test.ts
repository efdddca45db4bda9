import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkTallySheet, contestsFromCvrs, cvrCommitment } from '@evident/record';
import { testStation } from '../../test/count-fixture.js';
import { blankBallotCodes, bmdBallotCode } from '../ballots/ballot-qr.js';
import { finishCounting, startCounting } from './counting-session.js';
import { enterMarks, scanBallot, styleContests } from './scan-ballot.js';
import { makeSheet } from './tally-sheet-make.js';

const place = { electionId: 'E1', station: 'station-1', style: 'style-1' };
/** a ballot: BMD or hand-marked, and per contest of the style (3 options each) a subset of option indices */
const ballot = fc.record({
  bmd: fc.boolean(),
  marks: fc.array(fc.subarray([1, 2, 3]), { minLength: 3, maxLength: 3 }),
});

describe('law: the sheet’s totals are the tally of the ballots counted, and equal its CVRs', () => {
  it('for any ballots (BMD never overvotes; hand-marked may)', () => {
    fc.assert(
      fc.property(fc.array(ballot, { maxLength: 12 }), fc.integer({ min: -2, max: 2 }), (ballots, gap) => {
        const t = testStation();
        startCounting(t.env, ['Ana']);
        const contests = styleContests(t.env);
        // an independent oracle: counts per option, blanks and overvotes (vote limit 1)
        const want = contests.map((c) => ({ contest: c, counts: [0, 0, 0], blank: 0, overvoted: 0 }));
        let bmd = 0;
        for (const b of ballots) {
          const isBmd = b.bmd && b.marks.every((m) => m.length <= 1);
          const labels = b.marks.map((m, i) => m.map((o) => `${contests[i]}-option-${o}`));
          if (isBmd) {
            bmd++;
            const choices = contests.map((c, i) => ({ contest: c, selected: labels[i]! }));
            expect(
              scanBallot(t.env, 'Ana', bmdBallotCode(place, choices, t.stationKey.secretKey)).status,
            ).toBe('counted');
          } else {
            scanBallot(t.env, 'Ana', blankBallotCodes(place, t.printing.secretKey, 1)[0]!);
            enterMarks(t.env, 'Ana', Object.fromEntries(contests.map((c, i) => [c, labels[i]!])));
          }
          b.marks.forEach((m, i) => {
            const w = want[i]!;
            if (m.length === 0) w.blank++;
            else if (m.length > 1) w.overvoted++;
            else w.counts[m[0]! - 1]!++;
          });
        }
        // check-ins may differ from the ballots counted, with the poll workers' explanation
        t.checkIns.n = Math.max(0, ballots.length + gap);
        finishCounting(t.env, 'Ana', 'two voters left the queue');
        const { signed, cvrs } = makeSheet(t.env, 'Ana', t.stationKey.secretKey);
        // a sheet of the station's own maker passes the one rule list of the server and the verifier
        expect(checkTallySheet(signed.sheet, t.identity.manifest)).toEqual([]);
        expect(signed.sheet.contests).toEqual(want);
        expect(signed.sheet.contests).toEqual(contestsFromCvrs(t.identity.manifest, cvrs));
        expect(signed.sheet.cvrCommitment).toBe(cvrCommitment(cvrs));
        expect(signed.sheet.ballots).toEqual({ bmd, handMarked: ballots.length - bmd });
        for (const c of cvrs.contests) expect(c.choices).toHaveLength(ballots.length);
      }),
      { numRuns: 40 },
    );
  });

  it('law: the CVRs and their commitment do not depend on the order ballots were scanned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.subarray([1, 2, 3], { maxLength: 1 }), { minLength: 3, maxLength: 3 }), {
          maxLength: 10,
        }),
        fc.nat(),
        (ballots, seed) => {
          const run = (order: number[]) => {
            const t = testStation();
            startCounting(t.env, ['Ana']);
            const contests = styleContests(t.env);
            for (const i of order) {
              const choices = contests.map((c, j) => ({
                contest: c,
                selected: ballots[i]![j]!.map((o) => `${c}-option-${o}`),
              }));
              scanBallot(t.env, 'Ana', bmdBallotCode(place, choices, t.stationKey.secretKey));
            }
            t.checkIns.n = ballots.length;
            finishCounting(t.env, 'Ana');
            return makeSheet(t.env, 'Ana', t.stationKey.secretKey);
          };
          const forward = ballots.map((_, i) => i);
          const shuffled = [...forward].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
          const a = run(forward);
          const b = run(shuffled);
          expect(b.cvrs).toEqual(a.cvrs);
          expect(b.signed.sheet.cvrCommitment).toBe(a.signed.sheet.cvrCommitment);
        },
      ),
      { numRuns: 25 },
    );
  });
});
