/**
 * 15.A: the ranked folders of a record and the contests in their `inputs.json` are the
 * manifest's. Before it, a record whose `inputs.json` (and `count.json`) swapped two candidates'
 * names, or that had no `ranked/` folder at all, verified VALID.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RankedContest } from '@evident/e2e-crypto';
import { checkRankedDefinitions, jsonDifferences } from './ranked-definitions.js';

const MAYOR: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo', 'Cy'], ranks: 2, seats: 1 };
const COUNCIL: RankedContest = {
  id: 'council',
  candidates: ['Pia', 'Quinn'],
  ranks: 2,
  seats: 2,
  writeIns: 1,
};

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-15a-'));
  writeFileSync(join(dir, 'tally.json'), '{}');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `ranked/<id>/inputs.json` with `contest`. */
function folder(id: string, contest: unknown): void {
  mkdirSync(join(dir, 'ranked', id), { recursive: true });
  writeFileSync(
    join(dir, 'ranked', id, 'inputs.json'),
    JSON.stringify({ format: 'evident-ranked/inputs', version: 1, contest, ballots: [] }),
  );
}
const findings = async (castBallots = 4, manifest = [MAYOR, COUNCIL]) =>
  (await checkRankedDefinitions(dir, manifest, castBallots))?.failures.map((f) => [f.check, f.location]);

describe('15.A ranked contests are the manifest’s', () => {
  it('passes when every folder holds the manifest’s contest', async () => {
    folder('mayor', MAYOR);
    folder('council', COUNCIL);
    const step = (await checkRankedDefinitions(dir, [MAYOR, COUNCIL], 4))!;
    expect([step.id, step.status, step.checked]).toEqual(['15', 'passed', 2]);
  });

  it('names each field of inputs.json that differs from the manifest (swapped names, seats, extra key)', async () => {
    folder('mayor', { ...MAYOR, candidates: ['Bo', 'Ada', 'Cy'], seats: 2 });
    folder('council', { ...COUNCIL, writeIns: undefined, writeInBytes: 30 });
    expect(await findings()).toEqual([
      ['15.A', 'ranked/council/inputs.json contest.writeInBytes'],
      ['15.A', 'ranked/council/inputs.json contest.writeIns'],
      ['15.A', 'ranked/mayor/inputs.json contest.candidates[0]'],
      ['15.A', 'ranked/mayor/inputs.json contest.candidates[1]'],
      ['15.A', 'ranked/mayor/inputs.json contest.seats'],
    ]);
  });

  it('a folder the manifest does not declare is a finding', async () => {
    folder('mayor', MAYOR);
    folder('council', COUNCIL);
    folder('sheriff', { ...MAYOR, id: 'sheriff' });
    expect(await findings()).toEqual([['15.A', 'ranked/sheriff/']]);
    expect(await findings(4, [])).toEqual([
      ['15.A', 'ranked/council/'],
      ['15.A', 'ranked/mayor/'],
      ['15.A', 'ranked/sheriff/'],
    ]);
  });

  it('with results and cast ballots, a missing folder (or the whole ranked/) is a finding', async () => {
    folder('council', COUNCIL);
    expect(await findings()).toEqual([['15.A', 'ranked/mayor/']]);
    rmSync(join(dir, 'ranked'), { recursive: true });
    expect(await findings()).toEqual([
      ['15.A', 'ranked/mayor/'],
      ['15.A', 'ranked/council/'],
    ]);
  });

  it('no folder is needed before the results or when no ballot was cast', async () => {
    expect(await findings(0)).toEqual([]);
    rmSync(join(dir, 'tally.json'));
    expect(await findings(4)).toEqual([]);
    expect(await checkRankedDefinitions(dir, [], 4)).toBeUndefined();
  });

  it('jsonDifferences: paths of every difference, missing keys included', () => {
    expect(jsonDifferences({ a: [1, 2], b: 'x' }, { a: [1, 3, 4], c: null })).toEqual([
      'a[1]',
      'a[2]',
      'b',
      'c',
    ]);
    expect(jsonDifferences('x', { a: 1 })).toEqual(['']);
    expect(jsonDifferences(MAYOR, { ...MAYOR })).toEqual([]);
  });
});
