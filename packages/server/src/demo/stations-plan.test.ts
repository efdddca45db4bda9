/**
 * The demo's station plan (`stations-plan.ts`) and the online expectation without the cancelled
 * voters (`voters.ts`): every station of the manifest plays its part, each online voter is on the
 * roll of one station of the style it votes with, the paper-wins voters are online voters of that
 * station, and the expected figures add up.
 */
import { describe, expect, it } from 'vitest';
import { demoManifest } from './key-ceremony.js';
import { expectedPaper, paperWins, planStations } from './stations-plan.js';
import { withoutCancelled, type VotingOutcome } from './voters.js';

const manifest = demoManifest();
const online = Array.from({ length: 40 }, (_, i) => `voter-${i + 1}`);
const stations = planStations(manifest, online, '/tmp/w');

describe('the demo stations', () => {
  it('has every manifest station, each part played once, the command-line one set up by processes', () => {
    expect(stations.map((s) => s.label)).toEqual(manifest.pollingStations.map((s) => s.label));
    expect(stations.length).toBeGreaterThanOrEqual(10);
    for (const role of ['cli', 'correct', 'offline', 'photo'] as const)
      expect(stations.filter((s) => s.role === role)).toHaveLength(1);
    expect(stations.filter((s) => s.viaCli).map((s) => s.role)).toEqual(['cli']);
    expect(new Set(stations.map((s) => s.district)).size).toBe(manifest.districts.length);
  });

  it('puts each online voter on one roll, of a station of the style it votes with', () => {
    const rolls = stations.flatMap((s) => s.roll.map((v) => [v.voterId, s.style] as const));
    online.forEach((v, i) => {
      const on = rolls.filter(([id]) => id === v);
      expect(on).toHaveLength(1);
      expect(on[0]![1]).toBe(manifest.ballotStyles[i % manifest.ballotStyles.length]!.label);
    });
  });

  it("votes at a station only from its roll; the paper-wins voters are online voters; ballots in the station's style", () => {
    for (const s of stations) {
      const roll = new Set(s.roll.map((v) => v.voterId));
      const style = manifest.ballotStyles.find((x) => x.label === s.style)!.contests;
      for (const v of s.voters) {
        expect(roll.has(v.voterId)).toBe(true);
        expect(v.votedOnline).toBe(online.includes(v.voterId));
        expect(v.choices.map((c) => c.contest)).toEqual(style);
        expect(v.choices.every((c) => c.selected.length <= 1)).toBe(true);
      }
      expect(s.voters.some((v) => v.kind === 'bmd') && s.voters.some((v) => v.kind === 'hand')).toBe(true);
    }
    expect(paperWins(stations).size).toBeGreaterThan(0);
  });

  it('adds up the paper marks, and leaves the cancelled voters out of the online expectation', () => {
    const paper = expectedPaper(manifest, stations);
    const marks = stations.flatMap((s) => s.voters.flatMap((v) => v.choices.flatMap((c) => c.selected)));
    expect(
      Object.values(paper)
        .flatMap((o) => Object.values(o))
        .reduce((a, b) => a + b, 0),
    ).toBe(marks.length);
    const outcome: VotingOutcome = {
      expected: { national: { a: 2, b: 1 } },
      lastRankings: new Map([
        ['v1', {}],
        ['v2', {}],
        ['v3', {}],
      ]),
      lastVotes: new Map<string, Record<string, Record<string, number>>>([
        ['v1', { national: { a: 1 } }],
        ['v2', { national: { a: 1 } }],
        ['v3', { national: { b: 1 } }],
      ]),
      stats: { cast: 3, revotes: 0, challenges: 0, opened: 0, receipts: 3 },
    };
    const left = withoutCancelled(outcome, new Set(['v2']));
    expect(left.expected).toEqual({ national: { a: 1, b: 1 } });
    expect([...left.lastRankings.keys()]).toEqual(['v1', 'v3']);
    expect(outcome.expected.national!.a).toBe(2);
  });
});
