/**
 * Ranked contests in the manifest (spec/ranked-choice.md §1, spec/record.md §3.1): a valid
 * definition indexes; every broken rule is a problem naming its path.
 */
import { describe, expect, it } from 'vitest';
import { checkManifest, indexManifest } from './check-manifest.js';
import type { Manifest } from './manifest.js';
import type { RankedContest } from '../ranked/ranked-ballot.js';

const base: Manifest = {
  electionLabel: 'e',
  name: { en: 'E' },
  languages: ['en'],
  startDate: '2026-01-01T07:00:00Z',
  endDate: '2026-01-01T17:00:00Z',
  districts: [{ label: 'd', name: { en: 'D' } }],
  pollingStations: [],
  contests: [
    {
      label: 'c',
      name: { en: 'C' },
      district: 'd',
      voteLimit: 1,
      optionLimit: 1,
      contestDataBlocks: 1,
      options: [{ label: 'x', name: { en: 'X' } }],
    },
  ],
  ballotStyles: [{ label: 'st', contests: ['c'] }],
};
const mayor: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo', 'Cy'], ranks: 3, seats: 1 };
const problems = (ranked: unknown) =>
  checkManifest({ ...base, rankedContests: ranked as RankedContest[] }).map((p) => p.path);

describe('ranked contests in the manifest', () => {
  it('a valid definition indexes, with or without write-ins', () => {
    const m = {
      ...base,
      rankedContests: [mayor, { id: 'council', candidates: ['P'], ranks: 2, seats: 2, writeIns: 1 }],
    };
    expect(checkManifest(m)).toEqual([]);
    expect(indexManifest(m).manifest.rankedContests?.length).toBe(2);
  });
  it('names each broken rule', () => {
    expect(problems([mayor, mayor])).toEqual(['rankedContests[1].id']);
    expect(problems([{ ...mayor, id: 'c' }])).toEqual(['rankedContests[0].id']);
    expect(problems([{ ...mayor, id: '../x' }])).toEqual(['rankedContests[0].id']);
    expect(problems([{ ...mayor, ranks: 4 }])).toEqual(['rankedContests[0].ranks']);
    expect(problems([{ ...mayor, seats: 4 }])).toEqual(['rankedContests[0].seats']);
    expect(problems([{ ...mayor, candidates: ['Ada', 'Ada'] }])).toEqual(['rankedContests[0].candidates']);
    expect(problems([{ ...mayor, candidates: [' Ada'] }])).toContain('rankedContests[0].candidates[0]');
    expect(problems({})).toEqual(['rankedContests']);
  });
});
