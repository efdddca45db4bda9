import { describe, expect, it } from 'vitest';
import { generatePaperKey } from '@evident/e2e-crypto';
import { decodeBallotQr, encodeBallotQr, signBallotToken } from '@evident/record';
import { testStation } from '../../test/count-fixture.js';
import { blankBallotCodes, bmdBallotCode } from '../ballots/ballot-qr.js';
import { CountError } from './count-error.js';
import { countedBallots, startCounting } from './counting-session.js';
import { enterMarks, rejectionCounts, scanBallot, styleContests } from './scan-ballot.js';

const place = { electionId: 'E1', station: 'station-1', style: 'style-1' };

function started() {
  const t = testStation();
  startCounting(t.env, ['Ana']);
  return t;
}

function bmdChoices(t: ReturnType<typeof testStation>) {
  return styleContests(t.env).map((c) => ({ contest: c, selected: [`${c}-option-1`] }));
}

describe('scanning a ballot QR code', () => {
  it('counts a marking-device ballot from its code', () => {
    const t = started();
    const r = scanBallot(t.env, 'Ana', bmdBallotCode(place, bmdChoices(t), t.stationKey.secretKey));
    expect(r).toMatchObject({ status: 'counted', kind: 'bmd' });
    expect(countedBallots(t.env)).toEqual({ bmd: 1, handMarked: 0 });
  });

  it('counts a hand-marked ballot once its marks are entered', () => {
    const t = started();
    const [code] = blankBallotCodes(place, t.printing.secretKey, 1);
    const r = scanBallot(t.env, 'Ana', code!);
    expect(r).toMatchObject({ status: 'marks-needed', contests: ['national', 'd1-c1', 'd1-c2'] });
    expect(countedBallots(t.env)).toEqual({ bmd: 0, handMarked: 0 });
    // another scan waits for these marks
    expect(() => scanBallot(t.env, 'Ana', code!)).toThrow(CountError);
    enterMarks(t.env, 'Ana', {
      national: ['national-option-2'],
      'd1-c1': [],
      'd1-c2': ['d1-c2-option-1', 'd1-c2-option-3'],
    });
    expect(countedBallots(t.env)).toEqual({ bmd: 0, handMarked: 1 });
  });

  it('refuses marks naming an unknown contest or option, or leaving a contest out; nothing counted', () => {
    const t = started();
    scanBallot(t.env, 'Ana', blankBallotCodes(place, t.printing.secretKey, 1)[0]!);
    const ok = { national: [], 'd1-c1': [], 'd1-c2': [] };
    for (const bad of [
      { ...ok, 'd2-c1': [] },
      { ...ok, national: ['nope'] },
      { national: [], 'd1-c1': [] },
      { ...ok, national: ['national-option-1', 'national-option-1'] },
    ]) {
      expect(() => enterMarks(t.env, 'Ana', bad)).toThrow(expect.objectContaining({ code: 'bad-marks' }));
      expect(countedBallots(t.env)).toEqual({ bmd: 0, handMarked: 0 });
    }
    expect(() => enterMarks(t.env, 'Ana', ok)).not.toThrow();
  });

  describe('refusals, each with its reason, counted on the sheet, nothing else changed', () => {
    function refused(t: ReturnType<typeof testStation>, text: string, reason: string, message: RegExp) {
      const before = countedBallots(t.env);
      const r = scanBallot(t.env, 'Ana', text);
      expect(r).toMatchObject({ status: 'rejected', reason });
      expect(r.status === 'rejected' ? r.message : '').toMatch(message);
      expect(countedBallots(t.env)).toEqual(before);
      expect(rejectionCounts(t.env)[reason as 'copied']).toBe(1);
      expect(t.actions.at(-1)).toMatchObject({ action: 'count-reject', worker: 'Ana' });
    }

    it('unreadable: not an Evident code, or a broken one', () => {
      const t = started();
      refused(t, 'https://example.org/not-a-ballot', 'unreadable', /not an Evident ballot code/);
      const t2 = started();
      const code = blankBallotCodes(place, t2.printing.secretKey, 1)[0]!;
      refused(t2, code.slice(0, -10), 'unreadable', /signature is not 64 bytes/);
    });

    it.each([
      ['wrong-election', { electionId: 'E2' }, /"E2"/],
      ['wrong-station', { station: 'station-2' }, /station-2/],
      ['wrong-style', { style: 'style-2' }, /style-2/],
    ] as const)('%s', (reason, other, message) => {
      const t = started();
      refused(t, blankBallotCodes({ ...place, ...other }, t.printing.secretKey, 1)[0]!, reason, message);
    });

    it('wrong-election: a long election id from the code is cut short in the message', () => {
      const t = started();
      const long = 'E'.repeat(500);
      const r = scanBallot(
        t.env,
        'Ana',
        blankBallotCodes({ ...place, electionId: long }, t.printing.secretKey, 1)[0]!,
      );
      expect(r).toMatchObject({ status: 'rejected', reason: 'wrong-election' });
      expect(r.status === 'rejected' && r.message.length).toBeLessThan(120);
    });

    it('counterfeit: a blank ballot not signed by the printing key', () => {
      const t = started();
      refused(t, blankBallotCodes(place, generatePaperKey().secretKey, 1)[0]!, 'counterfeit', /printing key/);
    });

    it('counterfeit: a blank ballot signed by the station key (the wrong key for its kind)', () => {
      const t = started();
      refused(t, blankBallotCodes(place, t.stationKey.secretKey, 1)[0]!, 'counterfeit', /printing key/);
    });

    it('counterfeit: a marking-device ballot not signed by this station', () => {
      const t = started();
      refused(t, bmdBallotCode(place, bmdChoices(t), t.printing.secretKey), 'counterfeit', /this station/);
    });

    it('counterfeit: a marking-device ballot whose choices were changed after signing', () => {
      const t = started();
      const d = decodeBallotQr(bmdBallotCode(place, bmdChoices(t), t.stationKey.secretKey));
      const altered = {
        ...d,
        token: {
          ...d.token,
          choices: d.token.choices!.map((c) => ({ ...c, selected: [`${c.contest}-option-2`] })),
        },
      };
      refused(t, encodeBallotQr(altered), 'counterfeit', /this station/);
    });

    it('copied: a serial already counted (hand-marked, then the copy)', () => {
      const t = started();
      const code = blankBallotCodes(place, t.printing.secretKey, 1)[0]!;
      scanBallot(t.env, 'Ana', code);
      enterMarks(t.env, 'Ana', { national: [], 'd1-c1': [], 'd1-c2': [] });
      refused(t, code, 'copied', /already counted/);
    });

    it('copied: a marking-device ballot photocopied', () => {
      const t = started();
      const code = bmdBallotCode(place, bmdChoices(t), t.stationKey.secretKey);
      scanBallot(t.env, 'Ana', code);
      refused(t, code, 'copied', /already counted/);
    });

    it('unreadable: a signed marking-device code whose contests are not the style’s', () => {
      const t = started();
      const choices = bmdChoices(t).slice(1);
      const code = encodeBallotQr(
        signBallotToken({ kind: 'bmd', ...place, serial: '00'.repeat(16), choices }, t.stationKey.secretKey),
      );
      refused(t, code, 'unreadable', /contests/);
    });
  });

  it('refuses to scan before counting starts', () => {
    const t = testStation();
    expect(() => scanBallot(t.env, 'Ana', 'x')).toThrow(expect.objectContaining({ code: 'not-started' }));
  });
});
