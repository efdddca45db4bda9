/**
 * The mix so far (`evident-trustee/mix-input`, spec/server-api.md §7.5) read from its file a value
 * at a time (./json-values.ts) into the files of spec/mixnet.md §7.5 in a work folder: the ballots'
 * rows into `inputs.bin`, each earlier stage into `stage-<j>/`. Nothing of size N is held but the
 * set of ballot ciphertexts of B4 (one short key per ciphertext). Pass 1 reads the header; pass 2
 * the ballots (B1–B3 checked in batches as they come, B4) and the stages' vectors (hex to bytes,
 * lengths). The stages are then verified by the streamed verifier (M1–M9, chained) and their
 * signatures over their files (C4). Every refusal names the file and the JSON field.
 * @module
 */
import { closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Group, type RankedContest, checkRankedContest, rankedLayout } from '@evident/e2e-crypto';
import type { TaskRunner } from '@evident/e2e-crypto/mixnet-parallel';
import {
  type StageVector,
  appendStageFile,
  isStageVector,
  jsonFieldOf,
  schemaProblem,
  stageRowBytes,
  stageVectorBytes,
} from '@evident/record';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import type { ElectionKey } from './election-key.js';
import { type JsonPath, type JsonRole, readJsonValues } from './json-values.js';
import { BallotSink } from './mix-ballot-sink.js';
import { type StageParts, verifyStages } from './mix-stage-verify.js';

/** The verified mix: what the next stage needs, its inputs as a file. */
export interface StreamedMix {
  readonly contestId: string;
  readonly required: number;
  readonly next: number;
  readonly mixers: readonly number[];
  readonly N: number;
  readonly w: number;
  /** the rows the next stage shuffles: `inputs.bin` or the last stage's `outputs.bin` */
  readonly rowsPath: string;
  readonly ballots: number;
  readonly stages: number;
}

/** Pass 1: the members other than `ballots` and `stages`, schema-checked with those empty. */
async function readHeader(file: string, label: string): Promise<Record<string, unknown>> {
  const h: Record<string, unknown> = {};
  await readJsonValues(file, label, headerRole, (p, v, r) => {
    checkKind(label, p, v, r);
    if (r === 'capture') h[p[0] as string] = v;
  });
  const problem = schemaProblem('mix-input', { ...h, ballots: [], stages: [] });
  if (problem) throw refuse(label, `${problem.message} (schema mix-input.schema.json)`, problem.where);
  return h;
}

const headerRole = (p: JsonPath): JsonRole =>
  p.length === 0
    ? 'open'
    : p[0] === 'ballots' || p[0] === 'stages'
      ? 'drop'
      : p.length === 1
        ? 'capture'
        : 'inside';

/** Pass 2: ballots whole, stages' rows and vector entries one by one, the header dropped. */
function bodyRole(p: JsonPath): JsonRole {
  const [top, , member, v] = p;
  if (p.length === 0) return 'open';
  if (top === 'ballots') return p.length === 1 ? 'open' : p.length === 2 ? 'capture' : 'inside';
  if (top !== 'stages') return 'drop';
  if (p.length <= 2) return 'open';
  // the depth at which a stage's member is captured: a row, a vector's entry, anything else whole
  const at = member === 'outputs' ? 4 : member === 'proof' ? (isStageVector(v) ? 5 : 4) : 3;
  return p.length < at ? 'open' : p.length === at ? 'capture' : 'inside';
}

/** Whether the container at `p` (opened in pass 2) must be an array: all but a stage and a proof. */
const wantsArray = (p: JsonPath): boolean =>
  p.length > 0 && !(p.length === 2 && p[0] === 'stages') && !(p.length === 3 && p[2] === 'proof');

/**
 * Refuses the container holding `p` when it is of the wrong kind (a member arrives before its
 * container closes), and an opened value `v` that is not the container wanted.
 */
function checkKind(label: string, p: JsonPath, v: unknown, r: 'capture' | 'open'): void {
  const kind = (want: boolean, ok: boolean, at: JsonPath): void => {
    if (!ok) throw refuse(label, `expected ${want ? 'an array' : 'an object'}`, jsonFieldOf(at));
  };
  if (p.length > 0) {
    const parent = p.slice(0, -1);
    kind(wantsArray(parent), (typeof p.at(-1) === 'number') === wantsArray(parent), parent);
  }
  if (r === 'open') {
    const want = wantsArray(p);
    kind(want, want ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v), p);
  }
}

/**
 * Reads and verifies the mix file `file` (named `label` in messages) into `work`.
 * @throws {TrusteeError} INVALID_FILE naming the field of the first failure, PROTOCOL for no ballot
 */
export async function verifyMixInputFile(
  ek: ElectionKey,
  file: string,
  label: string,
  work: string,
  runner: TaskRunner,
  onProgress: () => void = () => {},
): Promise<StreamedMix> {
  const G = ek.c.G as Group<unknown>;
  const refusal = (message: string, field?: string): TrusteeError => refuse(label, message, field);
  const h = await readHeader(file, label);
  const contest = h.contest as RankedContest;
  if ((h.ceremonyId as string).toUpperCase() !== ek.c.id)
    throw refuse(label, `belongs to another key ceremony than ${ek.c.id.slice(0, 16)}…`, 'ceremonyId');
  if (h.group !== G.name)
    throw refuse(label, `is for group ${String(h.group)}, the election uses ${G.name}`, 'group');
  try {
    checkRankedContest(contest);
  } catch (e) {
    throw refuse(label, (e as Error).message, 'contest');
  }
  const width = rankedLayout(G, contest).width;
  const L = G.elementLength;
  const ballots = new BallotSink(ek, label, contest, join(work, 'inputs.bin'), onProgress);
  const stages: StageParts[] = [];
  const opened = new Set<string>(); // `ballots`, `stages`
  const stageOf = (j: number): StageParts => {
    for (let k = stages.length; k <= j; k++) {
      const dir = join(work, `stage-${k}`);
      mkdirSync(dir);
      const zero = { outputs: 0, c: 0, cHat: 0, tHat: 0, sHat: 0, sPrime: 0 };
      stages.push({ dir, fds: {}, count: zero, small: {}, proof: {} });
    }
    return stages[j]!;
  };
  try {
    await readJsonValues(file, label, bodyRole, (p, v, r) => {
      checkKind(label, p, v, r);
      if (r === 'open') {
        if (p.length === 1) opened.add(p[0] as string);
        if (p.length === 2 && p[0] === 'stages') stageOf(p[1] as number); // `{}` is a stage too
        return;
      }
      if (p[0] === 'ballots') return ballots.add(p[1] as number, v);
      const st = stageOf(p[1] as number);
      // the rows and vectors as the server's stage reader writes them (@evident/record), fields named from the file's top
      if (p[2] === 'outputs') return appendStageFile(st, 'outputs', stageRowBytes(v, L, width, p, refusal));
      if (p[2] !== 'proof') return void (st.small[p[2] as string] = v);
      if (p.length === 4) return void (st.proof[p[3] as string] = v);
      const vec = p[3] as StageVector;
      appendStageFile(st, vec, stageVectorBytes(vec, v, L, p, refusal));
    });
    ballots.flush();
  } finally {
    for (const st of stages) for (const fd of Object.values(st.fds)) closeSync(fd);
  }
  for (const k of ['ballots', 'stages'])
    if (!opened.has(k))
      throw refuse(label, `must have required property '${k}' (schema mix-input.schema.json)`, k);
  const N = ballots.count;
  if (N === 0) throw new TrusteeError(EXIT.PROTOCOL, label, 'no ballot entered this mix: nothing to shuffle');
  if (h.next !== stages.length)
    throw refuse(label, `says stage ${String(h.next)} is next but holds ${stages.length} stages`, 'next');
  const mixers = await verifyStages(ek, contest.id, stages, N, width, work, label, runner, onProgress);
  return {
    contestId: contest.id,
    required: h.required as number,
    next: stages.length,
    mixers,
    N,
    w: width,
    rowsPath: stages.length > 0 ? join(stages.at(-1)!.dir, 'outputs.bin') : join(work, 'inputs.bin'),
    ballots: N,
    stages: stages.length,
  };
}
