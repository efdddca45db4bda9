/**
 * The streamed shuffle verifier (spec/mixnet.md §7.4): checks M1–M9 of §5 on the files of a
 * streamed shuffle, in two passes over them. Pass 1 hashes the files (ρ, τ, c: F1, F2, F4 over
 * the whole statement and every commitment); pass 2 hands chunks of rows to the worker threads
 * of the one pool, each decoding its rows (membership, M2), reading its responses (range, M2),
 * deriving its generators (M3) and challenges u_j (M4), and returning its factor of the batched
 * equation of M5–M9 (§5.2) weighted by the verifier's fresh CSPRNG weights. This thread then
 * multiplies the factors with the few fixed terms. Memory: O(chunk · in-flight).
 *
 * When the batch equation is false and N is moderate (≤ 20,000), the one-thread verifier runs on
 * the files read into memory to name the false equation; above, the finding names the batch.
 * Never throws on bad data. Node only.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { bytesToBigint, concatBytes } from '../../bytes.js';
import { isInvalidData } from '../../errors.js';
import type { Finding } from '../../findings.js';
import type { Group } from '../../group/group.js';
import { mod } from '../../group/scalar.js';

import { int4 } from '../../hash/hash.js';
import { GENERATOR_DST } from '../generators.js';
import type { TaskRunner } from '../parallel/pool.js';
import { verifyShuffle } from '../verify-shuffle.js';
import { chunkRanges, forChunks, rowsPerChunk } from './chunks.js';
import { headPath, recordBytes } from './shuffle-files.js';
import { readProofFiles, readRows } from './shuffle-io.js';
import { headFromJson, type StreamProofHead } from './stream-head.js';
import type { ShufflePaths } from './stream-task-types.js';
import { fixedTerms, firstScalar, stageChallenges, stageWeights } from './stage-batch.js';

/** Options of {@link verifyShuffleStream}. */
export interface StreamVerifyOptions {
  /** rows per task (default 4096, fewer for small N) */
  readonly chunkRows?: number;
  /** prefix for every finding's `where`, e.g. `stages[2].` */
  readonly where?: string;
  /** largest N re-checked in memory to name a false equation (default 20,000) */
  readonly nameUpTo?: number;
  /**
   * the name of the inputs file in findings (default `where` + its file name): a chain's stage j
   * reads stage j − 1's `outputs.bin`, which must not be named as stage j's own outputs
   */
  readonly inputsWhere?: string;
  /**
   * a scope of ./kept-rows.ts, for a chain whose stages run in this thread (`inThread`): the
   * tasks keep the generators and the decoded outputs in it, and take the inputs kept there
   */
  readonly keep?: string;
}

const fileName = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/** How findings name each file: `where` + its name, the inputs as the caller says. */
export type FileLabel = (file: keyof ShufflePaths) => string;

export function fileLabel(paths: ShufflePaths, opts: StreamVerifyOptions): FileLabel {
  const at = opts.where ?? '';
  return (file) =>
    file === 'inputs' && opts.inputsWhere !== undefined ? opts.inputsWhere : at + fileName(paths[file]);
}

/** M1: the head and the size of every file. */
export function readShape<E>(
  G: Group<E>,
  paths: ShufflePaths,
  dir: string,
  at: string,
  label: FileLabel,
): { head: StreamProofHead<E> } | { finding: Finding } {
  let head: StreamProofHead<E>;
  try {
    head = headFromJson(G, JSON.parse(readFileSync(headPath(dir), 'utf8')), at + 'proof-head.json: ');
  } catch (e) {
    if (isInvalidData(e)) return { finding: { check: 'M2', where: e.field, message: e.message } };
    return { finding: { check: 'M1', where: at + 'proof-head.json', message: 'missing or not JSON' } };
  }
  for (const f of Object.keys(paths) as (keyof ShufflePaths)[]) {
    const want = head.N * recordBytes(f, G.elementLength, head.w);
    let size: number;
    try {
      size = statSync(paths[f]).size;
    } catch {
      return { finding: { check: 'M1', where: label(f), message: 'missing' } };
    }
    if (size !== want)
      return {
        finding: {
          check: 'M1',
          where: label(f),
          message: `expected ${want} bytes, got ${size}`,
        },
      };
  }
  return { head };
}

/**
 * Verifies the streamed shuffle in `dir` (inputs at `paths.inputs`) under K and the session.
 * @returns the failed checks (M1–M9), empty when the proof is valid; never throws on bad data
 * @throws {Error} only when the runner fails (a worker died), not on bad data
 */
export async function verifyShuffleStream<E>(
  runner: TaskRunner,
  G: Group<E>,
  K: E,
  session: Uint8Array,
  paths: ShufflePaths,
  dir: string,
  opts: StreamVerifyOptions = {},
): Promise<readonly Finding[]> {
  const at = opts.where ?? '';
  if (!(session instanceof Uint8Array) || session.length !== 32)
    return [{ check: 'M3', where: at + 'session', message: 'session hash must be 32 bytes' }];
  const label = fileLabel(paths, opts);
  const shape = readShape(G, paths, dir, at, label);
  if ('finding' in shape) return [shape.finding];
  const { head } = shape;
  const { N, w } = head;
  const q = G.q;
  const stream = runner.stream?.bind(runner);
  if (!stream) throw new RangeError('verifyShuffleStream: the runner cannot run stream tasks');

  const ch = stageChallenges(G, K, session, head, paths);
  const { seed, tau, c } = ch;

  // pass 2: the rows' factors of the batched M5–M9, with weights the prover cannot know
  const wt = stageWeights(c, w);
  let acc = G.one;
  let uProd = 1n;
  let gPart = 0n;
  let bad: Finding | undefined;
  const ranges = chunkRanges(N, rowsPerChunk(N, runner.threads, opts.chunkRows));
  await forChunks(
    ranges,
    Math.max(2, 2 * runner.threads),
    ([a, b]) =>
      stream({
        kind: 'verify-rows',
        group: G.name,
        paths,
        N,
        w,
        from: a,
        count: b - a,
        seed,
        tau,
        scalars: wt.scalars,
        weightKey: wt.weightKey,
        ...(opts.keep !== undefined ? { keep: opts.keep } : {}),
      }),
    (r) => {
      if (!r.ok) {
        bad ??= { check: 'M2', where: `${label(r.file)}[${r.index}]`, message: r.message };
        return;
      }
      acc = G.mul(acc, G.decode(r.sum, 'partial'));
      uProd = mod(uProd * bytesToBigint(r.uProd), q);
      gPart += bytesToBigint(r.gPart);
    },
  );
  if (bad) return [bad];

  const h0 = G.hashToElement(concatBytes(seed, int4(0)), GENERATOR_DST);
  const fixed = fixedTerms(G, K, h0, head, c, wt, uProd, gPart, firstScalar(paths.sPrime));
  acc = G.mul(
    acc,
    G.multiExp(
      fixed.bases,
      fixed.exps.map((x) => mod(x, q)),
    ),
  );
  if (G.equals(acc, G.one)) return [];
  return nameFailure(G, K, session, paths, dir, head, at, opts.nameUpTo ?? 20_000);
}

/** The batch is false: names the false equations when N is moderate. */
function nameFailure<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  paths: ShufflePaths,
  dir: string,
  head: StreamProofHead<E>,
  at: string,
  upTo: number,
): readonly Finding[] {
  const batch: Finding = { check: 'M5', where: at + 'proof', message: 'batch equation of M5–M9 false' };
  if (head.N > upTo) return [batch];
  try {
    const found = verifyShuffle(
      G,
      K,
      session,
      readRows(G, paths.inputs, head.w),
      readRows(G, paths.outputs, head.w),
      readProofFiles(G, paths, dir),
      { where: at },
    );
    return found.length > 0 ? found : [batch];
  } catch {
    return [batch];
  }
}
