/**
 * C1 and C5 on logs written entry by entry (ristretto255): bad public credentials (the identity,
 * not a group element, twice, unsorted) and one claim under two credentials — a contest's
 * selection ciphertexts or a ranked ciphertext — are findings naming the entry and field.
 */
import { describe, expect, it } from 'vitest';
import { ristretto, toHex } from '@evident/e2e-crypto';
import { sampleManifest } from '@evident/record';
import { stepCollector } from '../report.js';
import { credentialChecks } from './credential-checks.js';

type Entry = { type: string } & Record<string, unknown>;
const el = (n: number): string => toHex(ristretto.encode(ristretto.gExp(BigInt(n))));
const manifest = sampleManifest({ districts: 1, contestsPerDistrict: 2, options: 2 });
const [c1, c2] = manifest.contests.map((c) => c.label) as [string, string];
const creds = [el(101), el(102), el(103)].sort();

const setup: Entry[] = [
  { type: 'setup', profile: 'ristretto255', manifest },
  { type: 'key-ceremony', initialized: { extendedBaseHash: '11'.repeat(32), jointKey: el(7) } },
  { type: 'credentials', credentials: creds },
];
/** A ballot entry of `credential` whose ciphertexts are made from `seed`. */
const ballot = (credential: string, seed: number, ranked?: string[]): Entry => ({
  type: 'ballot',
  submission: {
    credential,
    ballot: {
      contests: [c1, c2].map((label, i) => ({
        label,
        selections: [0, 1].map((j) => ({
          alpha: el(seed + 10 * i + 2 * j),
          beta: el(seed + 10 * i + 2 * j + 1),
        })),
      })),
      ...(ranked
        ? { ranked: [{ contestId: 'r', row: ranked.map((alpha) => ({ alpha, beta: el(5) })) }] }
        : {}),
    },
  },
});

/** The findings of `log`, as [check, location]. */
function findings(log: readonly Entry[]): [string, string][] {
  const l3 = stepCollector('L3', 'Record matches the log');
  const check = credentialChecks(l3);
  log.forEach((e, i) => check.entry(e, i, `board/log.jsonl:${i + 1}`));
  check.end();
  return l3.done().failures.map((f) => [f.check, f.location]);
}

describe('C1 public credentials', () => {
  it('valid, distinct, sorted credentials in several entries pass (hex in either case)', () => {
    const more: Entry = {
      type: 'credentials',
      credentials: [el(104), el(105)].sort().map((c) => c.toLowerCase()),
    };
    expect(findings([...setup, more])).toEqual([]);
  });

  it('the identity element (s = 0) is refused', () => {
    const withIdentity = [...creds, toHex(ristretto.encode(ristretto.one))].sort();
    const i = withIdentity.indexOf('00'.repeat(32));
    const log = [...setup.slice(0, 2), { type: 'credentials', credentials: withIdentity }];
    expect(findings(log)).toEqual([['C1', `board/log.jsonl:3 credentials[${i}]`]]);
  });

  it('not a group element, not a string, not a list', () => {
    const bad = [...setup.slice(0, 2), { type: 'credentials', credentials: [creds[0], 'FF'.repeat(32), 7] }];
    expect(findings(bad)).toEqual([
      ['C1', 'board/log.jsonl:3 credentials[1]'],
      ['C1', 'board/log.jsonl:3 credentials[2]'],
      ['C1', 'board/log.jsonl:3 credentials[2]'], // 7 is also out of order after "FF…"
    ]);
    expect(findings([...setup.slice(0, 2), { type: 'credentials', credentials: 'x' }])).toEqual([
      ['C1', 'board/log.jsonl:3 credentials'],
    ]);
  });

  it('a credential published twice, in one entry or in two, whatever its hex case', () => {
    const again: Entry = { type: 'credentials', credentials: [creds[1]!.toLowerCase()] };
    expect(findings([...setup, again])).toEqual([['C1', 'board/log.jsonl:4 credentials[0]']]);
    const twice = [...setup.slice(0, 2), { type: 'credentials', credentials: [creds[0], creds[0]] }];
    expect(findings(twice)).toEqual([['C1', 'board/log.jsonl:3 credentials[1]']]);
  });

  it('an unsorted list', () => {
    const log = [...setup.slice(0, 2), { type: 'credentials', credentials: [...creds].reverse() }];
    expect(findings(log).map(([c]) => c)).toEqual(['C1', 'C1']);
  });
});

describe('C5 claims (replay)', () => {
  const [a, b] = creds as [string, string];

  it('different ciphertexts under different credentials, and one credential revoting the same, pass', () => {
    expect(findings([...setup, ballot(a, 1000), ballot(b, 2000), ballot(a, 1000)])).toEqual([]);
  });

  it('a contest copied under another credential is named at the copy', () => {
    const copy = ballot(b, 2000);
    (copy.submission as { ballot: { contests: unknown[] } }).ballot.contests[1] = (
      ballot(a, 1000).submission as { ballot: { contests: unknown[] } }
    ).ballot.contests[1];
    expect(findings([...setup, ballot(a, 1000), copy])).toEqual([
      ['C5', 'board/log.jsonl:5 submission.ballot.contests[1]'],
    ]);
  });

  it('a challenged ballot counts too, whatever the hex case of the copy', () => {
    const challenged = { ...ballot(a, 1000), type: 'challenged-ballot' };
    const lower = JSON.parse(
      JSON.stringify(ballot(b, 1000)).replace(/"[0-9A-F]{64}"/g, (h) => h.toLowerCase()),
    ) as Entry;
    expect(findings([...setup, challenged, lower]).map(([c]) => c)).toEqual(['C5', 'C5']);
  });

  it('the same contest ciphertexts in a different contest are a different claim', () => {
    const swapped = ballot(b, 1000);
    const contests = (swapped.submission as { ballot: { contests: { label: string }[] } }).ballot.contests;
    [contests[0]!.label, contests[1]!.label] = [contests[1]!.label, contests[0]!.label];
    expect(findings([...setup, ballot(a, 1000), swapped])).toEqual([]);
  });

  it("another voter's contest data (its C0) under another credential is named", () => {
    const withData = (e: Entry, c0: string): Entry => {
      const contests = (e.submission as { ballot: { contests: Record<string, unknown>[] } }).ballot.contests;
      contests[0]!.contestData = { c0, c1: 'AA', c2: '00'.repeat(32) };
      return e;
    };
    const log = [...setup, withData(ballot(a, 1000), el(950)), withData(ballot(b, 2000), el(950))];
    expect(findings(log)).toEqual([['C5', 'board/log.jsonl:5 submission.ballot.contests[0].contestData.c0']]);
    const fresh = [...setup, withData(ballot(a, 1000), el(950)), withData(ballot(b, 2000), el(951))];
    expect(findings(fresh)).toEqual([]);
  });

  it('a ranked ciphertext copied under another credential is named', () => {
    const log = [...setup, ballot(a, 1000, [el(900), el(901)]), ballot(b, 2000, [el(902), el(901)])];
    expect(findings(log)).toEqual([['C5', 'board/log.jsonl:5 submission.ballot.ranked[0].row[1].alpha']]);
  });
});
