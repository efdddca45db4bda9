/**
 * L3.I on small files: each ranked contest's mix-chain.json, decryptions.json and count.json are
 * the board's mix-stage (in order, numbered), ranked-decryption and ranked-count entries, the
 * mix-inputs entry lists the counted ballots, a contest nobody voted in has the empty count, and
 * a ranked entry names a contest of the manifest.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRankedContest, type RankedContest } from '@evident/e2e-crypto';
import { stepCollector } from '../report.js';
import { boardPartOf, type BoardPart } from '../log/board-parts.js';
import { checkRankedBoard } from './ranked-board-match.js';

const MAYOR: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo'], ranks: 2, seats: 1 };
const COUNCIL: RankedContest = { id: 'council', candidates: ['Pia', 'Quinn'], ranks: 1, seats: 1 };
const stage = (j: number) => ({
  mixer: `guardian-${j + 1}`,
  guardian: j + 1,
  outputs: [[{ alpha: 'AB', beta: 'CD' }]],
  proof: { c: `0${j}` },
});
const decryption = {
  method: 'threshold',
  rows: [[{ M: 'EF', proof: { c: '01', v: '02' } }]],
  plaintexts: [{ ranks: [1, 0], writeIns: [] }],
};
const result = { method: 'instant-runoff', seats: 1, validBallots: 1, elected: ['Ada'], rounds: [] };

/** The board's entries for mayor (two stages), as the L1 pass keeps them. */
function boardParts(): BoardPart[] {
  const entries = [
    { type: 'mix-inputs', contestId: 'mayor', rows: 2, ballots: [3, 5] },
    ...[0, 1].map((j) => ({
      type: 'mix-stage',
      contestId: 'mayor',
      stage: j,
      guardian: { id: `guardian-${j + 1}`, x: j + 1 },
      outputs: stage(j).outputs,
      proof: stage(j).proof,
    })),
    { type: 'ranked-decryption', contestId: 'mayor', ...decryption, quorum: [] },
    { type: 'ranked-count', contestId: 'mayor', result },
  ];
  return entries.map((e, i) => boardPartOf(e, 10 + i)!);
}

let dir = '';
const put = (file: string, v: Record<string, unknown>) =>
  writeFileSync(
    join(dir, 'ranked', 'mayor', file),
    JSON.stringify({ format: 'x', version: 1, contestId: 'mayor', ...v }),
  );
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-l3i-'));
  mkdirSync(join(dir, 'ranked', 'mayor'), { recursive: true });
  put('mix-chain.json', { stages: [stage(0), stage(1)] });
  put('decryptions.json', { method: 'threshold', rows: decryption.rows, plaintexts: decryption.plaintexts });
  put('count.json', { result });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (parts = boardParts(), counted = [3, 5], contests = [MAYOR]) => {
  const l3 = stepCollector('L3', 'test');
  checkRankedBoard(dir, l3, contests, parts, counted);
  return l3.done().failures.map((f) => [f.check, f.location]);
};

describe('L3.I ranked files are the board’s entries', () => {
  it('passes on files equal to the entries (hex case aside)', () => {
    put('mix-chain.json', { stages: [stage(0), { ...stage(1), outputs: [[{ alpha: 'ab', beta: 'cd' }]] }] });
    expect(run()).toEqual([]);
  });

  it('a changed, missing or extra stage, or a field the board lacks, is a finding', () => {
    put('mix-chain.json', { stages: [stage(0), { ...stage(1), mixer: 'guardian-9' }] });
    expect(run()).toEqual([['L3.I', 'ranked/mayor/mix-chain.json stages[1]']]);
    put('mix-chain.json', { stages: [stage(1), stage(0)] });
    expect(run()).toEqual([
      ['L3.I', 'ranked/mayor/mix-chain.json stages[0]'],
      ['L3.I', 'ranked/mayor/mix-chain.json stages[1]'],
    ]);
    put('mix-chain.json', { stages: [stage(0)], note: 'x' });
    expect(run()).toEqual([
      ['L3.I', 'ranked/mayor/mix-chain.json stages'],
      ['L3.I', 'ranked/mayor/mix-chain.json note'],
    ]);
  });

  it('decryptions.json and count.json must equal their entries; a file without an entry is a finding', () => {
    put('decryptions.json', { ...decryption, plaintexts: [{ ranks: [2, 0], writeIns: [] }] });
    put('count.json', { result: { ...result, elected: ['Bo'] }, extra: 1 });
    expect(run()).toEqual([
      ['L3.I', 'ranked/mayor/decryptions.json'],
      ['L3.I', 'ranked/mayor/count.json extra'],
      ['L3.I', 'ranked/mayor/count.json'],
    ]);
    put('decryptions.json', decryption);
    put('count.json', { result: { ...result, validBallots: 1.5 } }); // no entry can hold it
    expect(run()).toEqual([['L3.I', 'ranked/mayor/count.json']]);
    put('count.json', { result });
    expect(run(boardParts().filter((p) => p.type !== 'ranked-decryption'))).toEqual([
      ['L3.I', 'ranked/mayor/decryptions.json'],
    ]);
  });

  it('entries: stages numbered in order, one mix-inputs of the counted ballots, contests of the manifest', () => {
    const parts = boardParts();
    const swapped = parts.map((p) => (p.type === 'mix-stage' ? { ...p, stage: 1 - p.stage! } : p));
    expect(run(swapped)).toEqual([
      ['L3.I', 'board/log.jsonl:12 stage'],
      ['L3.I', 'board/log.jsonl:13 stage'],
    ]);
    expect(run(parts, [3, 4])).toEqual([['L3.I', 'board/log.jsonl:11 ballots']]);
    const extra = boardPartOf({ type: 'ranked-count', contestId: 'sheriff', result }, 40)!;
    const twice = { ...parts[0]!, index: 41 };
    expect(run([...parts, extra, twice])).toEqual([
      ['L3.I', 'board/log.jsonl:41'],
      ['L3.I', 'board/log.jsonl:42'],
    ]);
  });

  it('a contest nobody voted in: no files, and its count entry must be the empty count', () => {
    const empty = JSON.parse(JSON.stringify(countRankedContest(COUNCIL, [])));
    const parts = (r: unknown) => [
      boardPartOf({ type: 'mix-inputs', contestId: 'council', rows: 0, ballots: [] }, 5)!,
      boardPartOf({ type: 'ranked-count', contestId: 'council', result: r }, 6)!,
    ];
    expect(run(parts(empty), [], [COUNCIL])).toEqual([]);
    expect(run(parts(result), [], [COUNCIL])).toEqual([['L3.I', 'board/log.jsonl:7 result']]);
    // with counted ballots, an empty mix-inputs entry leaves them out
    expect(run(parts(empty), [3], [COUNCIL])).toEqual([['L3.I', 'board/log.jsonl:6 ballots']]);
  });
});
