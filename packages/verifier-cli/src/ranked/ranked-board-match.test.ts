/**
 * L3.I on small files: each ranked contest's mix chain (the folder of streamed files, each stage
 * hashed in its JSON form over its files), decryptions.json and count.json are
 * the board's mix-stage (in order, numbered), ranked-decryption and ranked-count entries, the
 * mix-inputs entry lists the counted ballots, a contest nobody voted in has the empty count, and
 * a ranked entry names a contest of the manifest.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countRankedContest,
  elementToJson,
  type Group,
  groupByName,
  type RankedContest,
  rowsFromJson,
  shuffleProofFromJson,
  type ShuffleProofJson,
} from '@evident/e2e-crypto';
import { fileSha256, stageEntryHead, stageFileDigests, writeMixChainFiles } from '@evident/record';
import { stepCollector } from '../report.js';
import { boardPartOf, type BoardPart } from '../log/board-parts.js';
import { checkRankedBoard } from './ranked-board-match.js';

const MAYOR: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo'], ranks: 2, seats: 1 };
const COUNCIL: RankedContest = { id: 'council', candidates: ['Pia', 'Quinn'], ranks: 1, seats: 1 };
const G = groupByName('ristretto255') as Group<unknown>;
const el = (b: number) => elementToJson(G, G.gExp(BigInt(b)));
const sc = '07'.padStart(64, '0');
const proofOf = (j: number): ShuffleProofJson => ({
  c: [el(4 + j)],
  cHat: [el(5)],
  t1: el(6),
  t2: el(7),
  t3: el(8),
  t4: [{ alpha: el(9), beta: el(10) }],
  tHat: [el(11)],
  s1: sc,
  s2: sc,
  s3: sc,
  s4: [sc],
  sHat: [sc],
  sPrime: [sc],
});
const stage = (j: number) => ({
  mixer: `guardian-${j + 1}`,
  guardian: j + 1,
  outputs: [[{ alpha: el(1), beta: el(2 + j) }]],
  proof: proofOf(j),
});
type StageJson = ReturnType<typeof stage>;
const decryption = {
  method: 'threshold',
  rows: [[{ M: 'EF', proof: { c: '01', v: '02' } }]],
  plaintexts: [{ ranks: [1, 0], writeIns: [] }],
};
const result = { method: 'instant-runoff', seats: 1, validBallots: 1, elected: ['Ada'], rounds: [] };

/** The board's entries for mayor (two stages), as the L1 pass keeps them. */
function boardParts(lowerCase = false): BoardPart[] {
  const outputs = (j: number) =>
    lowerCase
      ? stage(j).outputs.map((r) => r.map((c) => ({ alpha: c.alpha.toLowerCase(), beta: c.beta })))
      : stage(j).outputs;
  const entries = [
    { type: 'mix-inputs', contestId: 'mayor', rows: 2, ballots: [3, 5] },
    ...[0, 1].map((j) => ({
      type: 'mix-stage',
      contestId: 'mayor',
      stage: j,
      guardian: { id: `guardian-${j + 1}`, x: j + 1 },
      outputs: outputs(j),
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
/** Writes the chain folder of `stages` (chain.json with `extra` members). */
function putChain(stages: StageJson[], extra: Record<string, unknown> = {}): void {
  const chainDir = join(dir, 'ranked', 'mayor', 'mix-chain');
  rmSync(chainDir, { recursive: true, force: true });
  const decoded = stages.map((st, j) => ({
    mixer: st.mixer,
    outputs: rowsFromJson(G, st.outputs, `stages[${j}].outputs`),
    proof: shuffleProofFromJson(G, st.proof, `stages[${j}].proof`),
  }));
  const meta = stages.map(({ mixer, guardian }) => ({ mixer, guardian }));
  writeMixChainFiles(
    chainDir,
    G,
    'mayor',
    rowsFromJson(G, [[{ alpha: el(1), beta: el(12) }]], 'x'),
    decoded,
    meta,
  );
  if (Object.keys(extra).length > 0) {
    const head = join(chainDir, 'chain.json');
    writeFileSync(head, JSON.stringify({ ...JSON.parse(readFileSync(head, 'utf8')), ...extra }));
  }
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-l3i-'));
  mkdirSync(join(dir, 'ranked', 'mayor'), { recursive: true });
  putChain([stage(0), stage(1)]);
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
    expect(run()).toEqual([]);
    expect(run(boardParts(true))).toEqual([]);
  });

  it('a changed, missing or extra stage, or a field the board lacks, is a finding', () => {
    putChain([stage(0), { ...stage(1), mixer: 'guardian-9' }]);
    expect(run()).toEqual([['L3.I', 'ranked/mayor/mix-chain/chain.json stages[1]']]);
    putChain([stage(1), stage(0)]);
    expect(run()).toEqual([
      ['L3.I', 'ranked/mayor/mix-chain/chain.json stages[0]'],
      ['L3.I', 'ranked/mayor/mix-chain/chain.json stages[1]'],
    ]);
    putChain([stage(0)], { note: 'x' });
    expect(run()).toEqual([
      ['L3.I', 'ranked/mayor/mix-chain/chain.json stages'],
      ['L3.I', 'ranked/mayor/mix-chain/chain.json note'],
    ]);
    // one proof value of stage 1 changed in its file: the stage is not the board's
    putChain([stage(0), { ...stage(1), proof: { ...proofOf(1), cHat: [el(13)] } }]);
    expect(run()).toEqual([['L3.I', 'ranked/mayor/mix-chain/chain.json stages[1]']]);
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

/** The board's entries for mayor with mix-stage entries of version 2, from the files written. */
function digestParts(): BoardPart[] {
  const chainDir = join(dir, 'ranked', 'mayor', 'mix-chain');
  return boardParts().map((p) => {
    if (p.type !== 'mix-stage') return p;
    const j = p.stage!;
    const folder = join(chainDir, `stage-${j}`);
    const e = {
      type: 'mix-stage',
      contestId: 'mayor',
      stage: j,
      guardian: { id: `guardian-${j + 1}`, x: j + 1 },
      N: 1,
      w: 1,
      files: stageFileDigests(folder),
      head: stageEntryHead(folder),
    };
    return boardPartOf(e, p.index)!;
  });
}

describe('L3.I binds each file of a stage to its mix-stage entry of version 2', () => {
  it('passes on the files the entries name; the chain.json members must be the entry’s', () => {
    const parts = digestParts();
    expect(parts.filter((p) => p.stageEntry)).toHaveLength(2);
    expect(run(parts)).toEqual([]);
    putChain([stage(0), { ...stage(1), mixer: 'guardian-9' }]);
    expect(run(parts)).toEqual([['L3.I', 'ranked/mayor/mix-chain/chain.json stages[1]']]);
    putChain([stage(0), stage(1)], { N: 2 });
    expect(run(parts)).toContainEqual(['L3.I', 'ranked/mayor/mix-chain/chain.json N']);
  });

  it.each(['outputs', 'c', 'cHat', 'tHat', 'sHat', 'sPrime'])(
    'one byte of stage-1/%s.bin swapped: the finding names the file',
    (f) => {
      const parts = digestParts();
      const path = join(dir, 'ranked', 'mayor', 'mix-chain', 'stage-1', `${f}.bin`);
      const b = readFileSync(path);
      b[b.length - 1] = b[b.length - 1]! ^ 0x01;
      writeFileSync(path, b);
      expect(run(parts)).toEqual([['L3.I', `ranked/mayor/mix-chain/stage-1/${f}.bin`]]);
    },
  );

  it('a changed proof head, a missing file', () => {
    const parts = digestParts();
    const head = join(dir, 'ranked', 'mayor', 'mix-chain', 'stage-0', 'proof-head.json');
    writeFileSync(
      head,
      JSON.stringify({ ...JSON.parse(readFileSync(head, 'utf8')), s1: '08'.padStart(64, '0') }),
    );
    rmSync(join(dir, 'ranked', 'mayor', 'mix-chain', 'stage-1', 'c.bin'));
    expect(run(parts)).toEqual([
      ['L3.I', 'ranked/mayor/mix-chain/stage-0/proof-head.json'],
      ['L3.I', 'ranked/mayor/mix-chain/stage-1/c.bin'],
    ]);
  });
});

/** The board's entries with mayor's ranked-decryption of version 2 naming the written file. */
function digestDecryptionParts(edit: Record<string, unknown> = {}): BoardPart[] {
  return boardParts().map((p) => {
    if (p.type !== 'ranked-decryption') return p;
    const e = {
      type: 'ranked-decryption',
      version: 2,
      contestId: 'mayor',
      method: 'threshold',
      rows: 1,
      w: 1,
      digest: fileSha256(join(dir, 'ranked', 'mayor', 'decryptions.json')),
      quorum: [],
      ...edit,
    };
    return boardPartOf(e, p.index)!;
  });
}

describe('L3.I binds decryptions.json to its ranked-decryption entry of version 2', () => {
  it('passes on the file the entry names (its digest in either case); N and w are the chain’s', () => {
    const parts = digestDecryptionParts();
    expect(parts.find((p) => p.type === 'ranked-decryption')?.decryptionEntry).toBeDefined();
    expect(run(parts)).toEqual([]);
    const digest = fileSha256(join(dir, 'ranked', 'mayor', 'decryptions.json')).toLowerCase();
    expect(run(digestDecryptionParts({ digest }))).toEqual([]);
    expect(run(digestDecryptionParts({ rows: 2, w: 3, method: 'mixed' }))).toEqual([
      ['L3.I', 'board/log.jsonl:14 method'],
      ['L3.I', 'board/log.jsonl:14 rows'],
      ['L3.I', 'board/log.jsonl:14 w'],
    ]);
  });

  it('the same content in other bytes, a second entry, a missing file', () => {
    const parts = digestDecryptionParts();
    put('decryptions.json', {
      method: 'threshold',
      rows: decryption.rows,
      plaintexts: decryption.plaintexts,
    });
    expect(run(parts)).toEqual([]); // written again, byte for byte
    const path = join(dir, 'ranked', 'mayor', 'decryptions.json');
    writeFileSync(path, readFileSync(path, 'utf8') + ' ');
    expect(run(parts)).toEqual([['L3.I', 'ranked/mayor/decryptions.json']]);
    const twice = { ...parts.find((p) => p.type === 'ranked-decryption')!, index: 30 };
    expect(run([...parts, twice])).toEqual([
      ['L3.I', 'board/log.jsonl:31'],
      ['L3.I', 'ranked/mayor/decryptions.json'],
    ]);
    rmSync(path);
    expect(run(parts)).toEqual([]); // L3.J names it
  });
});
