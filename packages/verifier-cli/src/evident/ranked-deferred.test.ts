/**
 * A counted ballot's ranked rows are decoded once, by step B from `inputs.json`, and the ballot
 * pass's deferred rows are matched with them by digest (./ranked-deferred.ts, spec/verification.md
 * §5.1). Whatever a server puts in the record, every row of every ballot line is still checked
 * for membership, with the finding (number, file, field) a decoding in the pass would give. Here
 * on a record without a bulletin board (15.B); tests/server-ranked.test.ts has a server's record.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRankedContest,
  mixSessionHash,
  publicKey,
  type Group,
  type RankedContest,
  readRankedRows,
  runMixChain,
  thresholdRowDecryptor,
} from '@evident/e2e-crypto';
import { sampleManifest, signStages, simulateElection, writeRankedContest } from '@evident/record';
import { workersAvailable } from './verify-pool.js';
import { verifyRecord } from '../verify.js';
import { checkChunk, initialCodeHex } from './check-chunk.js';
import { loadEvidentContext } from './context.js';
import { rankedRowDigest } from './ranked-rows.js';

const contest: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo', 'Cy'], ranks: 2, seats: 1 };
/** Not a ristretto255 encoding (not canonical): 5.A where a ballot line has it, B1 in inputs.json. */
const NOT_IN_GROUP = 'FF'.repeat(32);
const INPUTS = 'ranked/mayor/inputs.json';
let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evident-ranked-once-'));
  const rankings = [[1, 2], [2], [3, 1], [1], [2, 3]];
  await simulateElection(root, {
    manifest: { ...sampleManifest(), rankedContests: [contest] },
    ballots: 5,
    challengeEvery: 3, // ballot 2 is challenged: its row is in no inputs.json
    rankings: (b) => ({ mayor: rankings[b]! }),
    extend: async ({ dir, G, K, hE, k, keyShareCommitments, present, ranked, signingSecrets }) => {
      const g = G as Group<unknown>;
      const ballots = ranked.map((b) => ({ id: b.code, ballot: b.rows[0]! }));
      const mixers = present.slice(0, k).map((p) => p.i);
      const stages = runMixChain(
        g,
        publicKey(g, K),
        mixSessionHash(hE, `contest:${contest.id}`),
        ballots.map((b) => b.ballot.row),
        mixers.map((i) => `guardian-${i}`),
      );
      const decryptions = thresholdRowDecryptor(
        g,
        { ctx: { K, hE }, k, keyShareCommitments: keyShareCommitments as Map<number, unknown> },
        present,
      ).decryptRows(stages.at(-1)!.outputs);
      const plaintexts = readRankedRows(g, K, contest, decryptions);
      await writeRankedContest(dir, g, {
        contest,
        ballots,
        stages,
        stageGuardians: mixers,
        stageSignatures: signStages(g, hE, contest.id, stages, mixers, (x) => signingSecrets.get(x)!),
        decryptions,
        plaintexts,
        count: countRankedContest(
          contest,
          plaintexts.map((p) => p.ranks),
          plaintexts.map((p) => p.writeIns),
        ),
      });
    },
  });
}, 120_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A ballot line of the record: its file, 1-based line number and value. */
interface Line {
  readonly file: string;
  readonly lineNo: number;
  readonly json: Json;
}

/** Every ballot line of the record in `dir`. */
async function ballotLines(dir: string): Promise<Line[]> {
  const out: Line[] = [];
  for (const f of (await readdir(join(dir, 'ballots'))).sort()) {
    const texts = (await readFile(join(dir, 'ballots', f), 'utf8')).split('\n');
    texts.forEach((t, i) => t && out.push({ file: `ballots/${f}`, lineNo: i + 1, json: JSON.parse(t) }));
  }
  return out;
}

/** Rewrites the line `line` of the record in `dir` as `edit` changes its value. */
async function editLine(dir: string, line: Line, edit: (b: Json) => void): Promise<void> {
  const path = join(dir, line.file);
  const texts = (await readFile(path, 'utf8')).split('\n');
  const b = JSON.parse(texts[line.lineNo - 1]!) as Json;
  edit(b);
  texts[line.lineNo - 1] = JSON.stringify(b);
  await writeFile(path, texts.join('\n'));
}

/** Rewrites `inputs.json` of the record in `dir` as `edit` changes it. */
async function editInputs(dir: string, edit: (v: { ballots: Json[] }) => void): Promise<void> {
  const v = JSON.parse(await readFile(join(dir, INPUTS), 'utf8'));
  edit(v);
  await writeFile(join(dir, INPUTS), JSON.stringify(v));
}

/** The findings `[check, location]` of a copy of the record changed by `edit`, verified. */
async function findingsOf(
  edit: (dir: string, lines: Line[]) => Promise<void>,
  workers = 0,
): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'evident-ranked-once-lie-'));
  try {
    await cp(root, dir, { recursive: true });
    await edit(dir, await ballotLines(dir));
    const report = await verifyRecord(dir, { workers });
    expect(report.valid).toBe(false);
    return report.steps.flatMap((s) => s.failures.map((f) => [f.check, f.location]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The line's row of the contest with its ciphertext 1's α not a group element. */
const badRow = (b: Json): void => {
  b.ranked[0].row[1].alpha = NOT_IN_GROUP;
};
/** The 5.A finding of `line`'s bad row, as the ballot pass names it. */
const fiveA = (line: Line): string[] => [
  '5.A',
  `${line.file}:${line.lineNo} ballot ${line.json.code.slice(0, 16)} ranked[0].row[1].alpha`,
];
const cast = (lines: Line[]) => lines.filter((l) => l.json.state === 'cast');

describe('a counted ballot’s ranked rows checked once (no board: 15.B)', () => {
  it('the honest record is valid, and its cast ballots are the rows of inputs.json', async () => {
    const report = await verifyRecord(root, { workers: 0 });
    expect(report.valid).toBe(true);
    const lines = await ballotLines(root);
    const inputs = JSON.parse(await readFile(join(root, INPUTS), 'utf8'));
    expect(inputs.ballots.map((b: Json) => b.id).sort()).toEqual(
      cast(lines)
        .map((l) => l.json.code)
        .sort(),
    );
    expect(lines.filter((l) => l.json.state === 'challenged')).toHaveLength(1);
  });

  it('the same non-member in the line and in inputs.json: B1 names inputs.json, 5.A the line', async () => {
    let line!: Line;
    const found = await findingsOf(async (dir, lines) => {
      line = cast(lines)[1]!;
      await editLine(dir, line, badRow);
      await editInputs(dir, (v) => badRow({ ranked: [v.ballots.find((b) => b.id === line.json.code)] }));
    });
    const inputs = JSON.parse(await readFile(join(root, INPUTS), 'utf8'));
    const i = inputs.ballots.findIndex((b: Json) => b.id === line.json.code);
    expect(found).toContainEqual(['B1', `${INPUTS} ballots[${i}].row[1].alpha`]);
    expect(found).toContainEqual(fiveA(line));
    expect(found).toContainEqual([
      '7.B',
      `${line.file}:${line.lineNo} ballot ${line.json.code.slice(0, 16)} code`,
    ]);
  });

  it('other bytes in inputs.json than in the line: 15.B, and the line’s row is decoded (5.A)', async () => {
    let line!: Line;
    const found = await findingsOf(async (dir, lines) => {
      line = cast(lines)[0]!;
      await editLine(dir, line, badRow);
    });
    const inputs = JSON.parse(await readFile(join(root, INPUTS), 'utf8'));
    const i = inputs.ballots.findIndex((b: Json) => b.id === line.json.code);
    expect(found).toContainEqual(fiveA(line));
    expect(found).toContainEqual(['15.B', `${INPUTS} ballots[${i}]`]);
    expect(found.filter(([c]) => c === 'B1')).toEqual([]); // inputs.json's rows are all valid
  });

  it('a cast ballot missing from inputs.json: 15.B, and its row is decoded (5.A)', async () => {
    let line!: Line;
    const found = await findingsOf(async (dir, lines) => {
      line = cast(lines).at(-1)!;
      await editLine(dir, line, badRow);
      await editInputs(dir, (v) => v.ballots.pop());
    });
    expect(found).toContainEqual(fiveA(line));
    expect(found).toContainEqual(['15.B', `${INPUTS} ballots`]);
  });

  it('a row duplicated in inputs.json in place of another: B4, 15.B, and the other’s row is decoded (5.A)', async () => {
    let line!: Line;
    const found = await findingsOf(async (dir, lines) => {
      line = cast(lines)[1]!;
      await editLine(dir, line, badRow);
      await editInputs(dir, (v) => (v.ballots[1] = v.ballots[0]!));
    });
    expect(found).toContainEqual(fiveA(line));
    expect(found).toContainEqual(['B4', `${INPUTS} ballots[1].row[0]`]);
    expect(found).toContainEqual(['15.B', `${INPUTS} ballots[1].id`]);
  });

  it('a challenged ballot’s row is in no inputs.json: decoded in the ballot pass (5.A)', async () => {
    let line!: Line;
    const found = await findingsOf(async (dir, lines) => {
      line = lines.find((l) => l.json.state === 'challenged')!;
      await editLine(dir, line, badRow);
    });
    expect(found).toContainEqual(fiveA(line));
  });

  it('the ballot pass does not decode a cast ballot’s deferred row: it hashes its bytes and returns its digest', async () => {
    const { ctx } = loadEvidentContext(root);
    const lines = await ballotLines(root);
    const line = cast(lines)[0]!;
    const device = line.file.slice('ballots/'.length, -'.jsonl'.length);
    const texts = (await readFile(join(root, line.file), 'utf8')).split('\n');
    const prevCode =
      line.lineNo === 1 ? initialCodeHex(ctx!.hE, device) : JSON.parse(texts[line.lineNo - 2]!).code;
    const check = (b: Json, defer?: boolean[]) =>
      checkChunk(ctx!, {
        segments: [
          { device, file: line.file, prevCode, lines: [{ lineNo: line.lineNo, text: JSON.stringify(b) }] },
        ],
        ...(defer ? { deferRanked: defer } : {}),
      });
    const bad = structuredClone(line.json);
    badRow(bad);
    // not deferred: decoded here (5.A); deferred: the code still checked over the row's bytes (7.B)
    expect(check(bad).findings.map((f) => f.check)).toEqual(['5.A']);
    const deferred = check(bad, [true]);
    expect(deferred.findings.map((f) => f.check)).toEqual(['7.B']);
    expect(deferred.deferred).toEqual([{ line: 0, contest: 0, digest: rankedRowDigest(bad.ranked[0]) }]);
    const honest = check(line.json, [true]);
    expect(honest.findings).toEqual([]);
    expect(honest.deferred.map((d) => d.digest)).toEqual([rankedRowDigest(line.json.ranked[0])]);
    // a challenged ballot is in no inputs.json: its row is decoded whatever the chunk defers
    const challenged = { ...bad, state: 'challenged' };
    expect(check(challenged, [true]).findings.map((f) => f.check)).toEqual(['5.A']);
  });

  it.runIf(workersAvailable())(
    'names the same findings when the pass and step B run in worker threads',
    async () => {
      const lie = async (dir: string, lines: Line[]) => {
        await editLine(dir, cast(lines)[0]!, badRow);
        await editInputs(dir, (v) => v.ballots.pop());
      };
      const inThread = await findingsOf(lie, 0);
      expect(inThread.filter(([c]) => c === '5.A')).toHaveLength(1);
      expect(await findingsOf(lie, 2)).toEqual(inThread);
    },
  );
});
