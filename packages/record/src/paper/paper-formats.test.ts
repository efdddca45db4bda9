import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generatePaperKey, toHex, verifyPaperStatement, signPaperStatement } from '@evident/e2e-crypto';
import { sampleManifest } from '../simulate/sample-manifest.js';
import {
  BallotQrError,
  decodeBallotQr,
  encodeBallotQr,
  signBallotToken,
  verifyBallotToken,
  type BallotToken,
} from './ballot-token.js';
import { canonicalCvrs, contestsFromCvrs, cvrCommitment } from './cvrs.js';
import { sheetContestLabels } from './tally-sheet.js';

const manifest = sampleManifest({ districts: 2, contestsPerDistrict: 1, options: 3, voteLimit: 1 });
const serial = 'A1'.repeat(16);
const blank: BallotToken = {
  kind: 'blank',
  electionId: 'e1',
  station: 'station-1',
  style: 'style-1',
  serial,
};

describe('paper signed statements', () => {
  it('verify with the signing key only, for the kind and election signed', () => {
    const k = generatePaperKey();
    const other = generatePaperKey();
    const sig = signPaperStatement(k.secretKey, 'tally-sheet', 'e1', { a: 1 });
    expect(verifyPaperStatement(toHex(k.publicKey), 'tally-sheet', 'e1', { a: 1 }, sig)).toBe(true);
    expect(verifyPaperStatement(toHex(other.publicKey), 'tally-sheet', 'e1', { a: 1 }, sig)).toBe(false);
    expect(verifyPaperStatement(toHex(k.publicKey), 'poll-book-close', 'e1', { a: 1 }, sig)).toBe(false);
    expect(verifyPaperStatement(toHex(k.publicKey), 'tally-sheet', 'e2', { a: 1 }, sig)).toBe(false);
    expect(verifyPaperStatement(toHex(k.publicKey), 'tally-sheet', 'e1', { a: 2 }, sig)).toBe(false);
    expect(verifyPaperStatement('zz', 'tally-sheet', 'e1', { a: 1 }, sig)).toBe(false);
  });
});

describe('ballot QR codes', () => {
  const printer = generatePaperKey();
  it('round-trip and verify with the printing key', () => {
    const signed = signBallotToken(blank, printer.secretKey);
    const back = decodeBallotQr(encodeBallotQr(signed));
    expect(back).toEqual(signed);
    expect(verifyBallotToken(back, toHex(printer.publicKey))).toBe(true);
    expect(verifyBallotToken(back, toHex(generatePaperKey().publicKey))).toBe(false);
  });
  it('a changed token no longer verifies', () => {
    const signed = signBallotToken(blank, printer.secretKey);
    const moved = { ...signed, token: { ...signed.token, station: 'station-2' } };
    expect(verifyBallotToken(decodeBallotQr(encodeBallotQr(moved)), toHex(printer.publicKey))).toBe(false);
  });
  it('refuse texts that are not Evident ballot codes, with a reason', () => {
    const good = encodeBallotQr(signBallotToken(blank, printer.secretKey));
    expect(() => decodeBallotQr('https://example.org')).toThrow(/not an Evident ballot code/);
    expect(() => decodeBallotQr(good + '.x')).toThrow(/two dot-separated/);
    expect(() => decodeBallotQr(good.replace('EVB1.', 'EVB1.!'))).toThrow(/base64url/);
    const [, body] = good.split('.');
    expect(() => decodeBallotQr(`EVB1.${body}.AAAA`)).toThrow(/64 bytes/);
    const b64 = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const sig = good.split('.')[2];
    expect(() => decodeBallotQr(`EVB1.${b64('{"kind":"x"}')}.${sig}`)).toThrow(BallotQrError);
    // a non-canonical body (spaces) is refused: one encoding per token
    const spaced = JSON.stringify(blank, null, 1);
    expect(() => decodeBallotQr(`EVB1.${b64(spaced)}.${sig}`)).toThrow(/canonical/);
    const bmdNoChoices = { ...blank, kind: 'bmd' };
    expect(() => decodeBallotQr(`EVB1.${b64(JSON.stringify(bmdNoChoices))}.${sig}`)).toThrow(/choices/);
  });
  it('never throw anything but BallotQrError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          decodeBallotQr('EVB1.' + s);
        } catch (e) {
          expect(e).toBeInstanceOf(BallotQrError);
        }
      }),
    );
  });
});

describe('cast-vote records', () => {
  const [c1, c2] = sheetContestLabels(manifest, 'station-1')!;
  const opt = (c: string, j: number) => `${c}-option-${j}`;
  it('list the station style contests in manifest order', () => {
    expect([c1, c2]).toEqual(['national', 'd1-c1']);
    expect(sheetContestLabels(manifest, 'nowhere')).toBeUndefined();
  });
  it('recompute totals, blanks and overvotes', () => {
    const cvrs = {
      contests: [
        { contest: c1!, choices: [[opt(c1!, 1)], [], [opt(c1!, 1), opt(c1!, 2)], [opt(c1!, 3)]] },
        { contest: c2!, choices: [[opt(c2!, 2)], [opt(c2!, 2)], ['nobody'], [opt(c2!, 2), opt(c2!, 2)]] },
      ],
    };
    expect(contestsFromCvrs(manifest, cvrs)).toEqual([
      { contest: c1, counts: [1, 0, 1], blank: 1, overvoted: 1 },
      { contest: c2, counts: [0, 2, 0], blank: 0, overvoted: 2 },
    ]);
  });
  it('commit to the multiset, not the order of counting', () => {
    const a = { contests: [{ contest: c1!, choices: [[opt(c1!, 2)], [opt(c1!, 1)], []] }] };
    const b = { contests: [{ contest: c1!, choices: [[], [opt(c1!, 1)], [opt(c1!, 2)]] }] };
    expect(cvrCommitment(canonicalCvrs(manifest, a))).toBe(cvrCommitment(canonicalCvrs(manifest, b)));
    const c = { contests: [{ contest: c1!, choices: [[], [opt(c1!, 1)], [opt(c1!, 1)]] }] };
    expect(cvrCommitment(canonicalCvrs(manifest, c))).not.toBe(cvrCommitment(canonicalCvrs(manifest, a)));
  });
});
