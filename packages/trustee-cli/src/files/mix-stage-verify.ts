/**
 * The earlier stages of a mix file, once written to their folders (./mix-input-stream.ts): each
 * verified by the streamed verifier against the previous stage's outputs (the ballots' rows for
 * stage 0; spec/mixnet.md §5.3 C1–C3 with M1–M9), its guardian named once, and its signature
 * checked over its files (C4, spec/key-ceremony.md §13). Findings name the JSON fields of the
 * mix file (`stages[1].proof.cHat[3]`), not the work files.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Group,
  decodeSignatureBytes,
  mixStageStatement,
  verifyGuardianSignature,
} from '@evident/e2e-crypto';
import { type TaskRunner, shufflePaths, verifyShuffleStream } from '@evident/e2e-crypto/mixnet-parallel';
import { stageDirContentSha256 } from '@evident/record';
import { refuse } from '../errors.js';
import type { ElectionKey } from './election-key.js';
import { inFile } from './json-file.js';
import { contestSession } from './mix-files.js';

/** One earlier stage as read: its folder, open files, row counts and small members. */
export interface StageParts {
  readonly dir: string;
  readonly fds: Partial<Record<'outputs' | 'c' | 'cHat' | 'tHat' | 'sHat' | 'sPrime', number>>;
  readonly count: Record<'outputs' | 'c' | 'cHat' | 'tHat' | 'sHat' | 'sPrime', number>;
  /** members other than outputs and proof: guardian, signature, stage, mixer */
  readonly small: Record<string, unknown>;
  /** the proof's members other than its vectors: t1, t2, t3, t4, s1, s2, s3, s4 */
  readonly proof: Record<string, unknown>;
}

const STAGE_MEMBERS = new Set(['stage', 'mixer', 'guardian', 'signature']);
const PROOF_MEMBERS = new Set(['t1', 't2', 't3', 't4', 's1', 's2', 's3', 's4']);

/** A work file's name in a finding → the mix file's field. */
function fieldName(where: string, at: string, inputs: string): string {
  return where
    .replace(/^inputs\[(\d+)\]/, (_, i: string) => `${inputs}[${i}]`)
    .replace(/^outputs\.bin/, `${at}.outputs`)
    .replace(/^(c|cHat|tHat|sHat|sPrime)\.bin/, `${at}.proof.$1`)
    .replace(/^proof-head\.json: /, `${at}.proof.`)
    .replace(/^proof-head\.json$/, `${at}.proof`)
    .replace(/^proof\b/, `${at}.proof`);
}

/**
 * Verifies the stages in order and returns their guardians' coordinates.
 * @throws {TrusteeError} INVALID_FILE naming the field of the first failure
 */
export async function verifyStages(
  ek: ElectionKey,
  contestId: string,
  stages: readonly StageParts[],
  N: number,
  w: number,
  work: string,
  label: string,
  runner: TaskRunner,
  onProgress: () => void,
): Promise<number[]> {
  const G = ek.c.G as Group<unknown>;
  const session = contestSession(ek.hE, contestId);
  const mixers: number[] = [];
  for (let j = 0; j < stages.length; j++) {
    const st = stages[j]!;
    const at = `stages[${j}]`;
    const g = (st.small.guardian ?? {}) as { id?: unknown; x?: unknown };
    if (typeof g.x !== 'number' || !Number.isInteger(g.x) || g.x < 1 || typeof g.id !== 'string')
      throw refuse(label, 'expected {id, x} with x ≥ 1', `${at}.guardian`);
    if (mixers.includes(g.x)) throw refuse(label, 'a guardian mixed twice', 'stages');
    for (const k of Object.keys(st.small))
      if (!STAGE_MEMBERS.has(k)) throw refuse(label, 'is not a member of a stage', `${at}.${k}`);
    for (const k of Object.keys(st.proof))
      if (!PROOF_MEMBERS.has(k))
        throw refuse(label, 'is not a member of a proof of shuffle', `${at}.proof.${k}`);
    mixers.push(g.x);
    for (const [f, n] of Object.entries(st.count))
      if (n !== N)
        throw refuse(
          label,
          `${n} entries, expected ${N} (C2/M1)`,
          f === 'outputs' ? `${at}.outputs` : `${at}.proof.${f}`,
        );
    writeFileSync(join(st.dir, 'proof-head.json'), JSON.stringify({ N, w, ...st.proof }));
    const inputs = j === 0 ? join(work, 'inputs.bin') : join(stages[j - 1]!.dir, 'outputs.bin');
    const found = await verifyShuffleStream(runner, G, ek.K, session, shufflePaths(st.dir, inputs), st.dir);
    const [f] = found;
    if (f) {
      const field = fieldName(f.where, at, j === 0 ? 'ballots' : `stages[${j - 1}].outputs`);
      throw refuse(label, `C2/${f.check}: ${f.message} (spec/mixnet.md §5)`, field);
    }
    onProgress();
    const key = ek.guardians.get(g.x)?.signingKey;
    const sig = inFile(label, () => decodeSignatureBytes(st.small.signature, `${at}.signature`, 64));
    const statement = {
      ...mixStageStatement(ek.hE, contestId, j, g.x, undefined, undefined),
      contentSha256: stageDirContentSha256(st.dir, G.elementLength, w),
    };
    if (!key || !verifyGuardianSignature(key, statement, sig))
      throw refuse(label, `stage ${j} is not signed by guardian ${g.x} (C4)`, `${at}.signature`);
  }
  return mixers;
}
