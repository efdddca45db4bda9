/**
 * The streamed verifier of a mix chain (spec/mixnet.md §7.4, §8.5): the k stages of a chain
 * (stage j's inputs are stage j − 1's outputs, one session) checked as one batch. Pass 1 is each
 * stage's own (its shape M1, its challenges from its files); pass 2 hands chunks of rows of all
 * the stages to the tasks of ./chain-rows.ts, each returning its factor of the product of the
 * stages' batched M5–M9, every stage with its own fresh CSPRNG weights; this thread multiplies
 * the factors with every stage's fixed terms. One multi-exponentiation per chunk for the k
 * stages, each generator derived and each intermediate row decoded once.
 *
 * When the one batch is not 1 — or a file is missing, of the wrong size, or holds a non-member or
 * an out-of-range scalar — the stages are checked one by one by ./stream-verify.ts, whose
 * findings are returned: the findings of a chain are those of its stages checked one by one.
 * Never throws on bad data. Node only.
 * @module
 */
import { bytesToBigint, concatBytes } from '../../bytes.js';
import type { Finding } from '../../findings.js';
import type { Group } from '../../group/group.js';
import { mod } from '../../group/scalar.js';
import { int4 } from '../../hash/hash.js';
import { GENERATOR_DST, generatorSeed } from '../generators.js';
import type { TaskRunner } from '../parallel/pool.js';
import { chunkRanges, forChunks, rowsPerChunk } from './chunks.js';
import { fixedTerms, firstScalar, stageChallenges, type StageWeights, stageWeights } from './stage-batch.js';
import type { StreamProofHead } from './stream-head.js';
import type { ChainRowsStage, ShufflePaths } from './stream-task-types.js';
import { fileLabel, readShape, verifyShuffleStream } from './stream-verify.js';

/** A stage of a chain: its files (inputs: the previous stage's outputs), how findings name them. */
export interface ChainStageFiles {
  readonly paths: ShufflePaths;
  readonly dir: string;
  /** prefix of the stage's findings, e.g. `mix-chain/stage-1/` */
  readonly where?: string;
  /** the name of the stage's inputs file in findings */
  readonly inputsWhere?: string;
}

/** Options of {@link verifyChainStream}. */
export interface ChainVerifyOptions {
  /** rows per task (default: ~131,072 elements of all the stages; fewer for small N with threads) */
  readonly chunkRows?: number;
  /** a scope of ./kept-rows.ts (a chain in this thread): the first inputs taken, the last outputs kept */
  readonly keep?: string;
}

/**
 * Elements (of all stages) per chunk task by default: the task holds each as a term of its
 * multi-exponentiation (~140 bytes), ~18 MB; the larger the chunk, the fewer the Pippenger bucket
 * sums and folded columns per row.
 */
const CHUNK_ELEMENTS = 1 << 17;

/**
 * Verifies the chain's stages under K and the session.
 * @returns the findings of each stage (M1–M9, as verifyShuffleStream's), all empty when valid
 * @throws {Error} only when the runner fails (a worker died), not on bad data
 */
export async function verifyChainStream<E>(
  runner: TaskRunner,
  G: Group<E>,
  K: E,
  session: Uint8Array,
  stages: readonly ChainStageFiles[],
  opts: ChainVerifyOptions = {},
): Promise<readonly (readonly Finding[])[]> {
  const batch = await oneBatch(runner, G, K, session, stages, opts);
  if (batch === 'holds') return stages.map(() => []);
  const found: (readonly Finding[])[] = [];
  for (const st of stages)
    found.push(
      await verifyShuffleStream(runner, G, K, session, st.paths, st.dir, {
        ...(st.where !== undefined ? { where: st.where } : {}),
        ...(st.inputsWhere !== undefined ? { inputsWhere: st.inputsWhere } : {}),
        ...(opts.keep !== undefined ? { keep: opts.keep } : {}),
      }),
    );
  // the one batch was false and every stage alone holds (files changed between the passes, or
  // kept rows that are not their bytes' points): the chain is not accepted
  if (batch === 'false' && found.every((f) => f.length === 0))
    found[0] = [
      {
        check: 'M5',
        where: `${stages[0]!.where ?? ''}proof`,
        message: "batch equation of the chain's stages false",
      },
    ];
  return found;
}

/** A stage read for the one batch: its head, challenge and weights. */
interface BatchStage<E> {
  readonly head: StreamProofHead<E>;
  readonly paths: ShufflePaths;
  readonly c: bigint;
  readonly wt: StageWeights;
  readonly task: ChainRowsStage;
}

/** Pass 1 of every stage; undefined when a stage is not of the chain's shape (then one by one). */
function readStages<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  stages: readonly ChainStageFiles[],
): BatchStage<E>[] | undefined {
  const out: BatchStage<E>[] = [];
  for (const [j, st] of stages.entries()) {
    const shape = readShape(G, st.paths, st.dir, st.where ?? '', fileLabel(st.paths, st));
    if ('finding' in shape) return undefined;
    const { head } = shape;
    const prev = out[j - 1];
    if (prev && (head.N !== prev.head.N || head.w !== prev.head.w || st.paths.inputs !== prev.paths.outputs))
      return undefined;
    const { tau, c } = stageChallenges(G, K, session, head, st.paths);
    const wt = stageWeights(c, head.w);
    out.push({
      head,
      paths: st.paths,
      c,
      wt,
      task: { paths: st.paths, tau, scalars: wt.scalars, weightKey: wt.weightKey },
    });
  }
  return out;
}

/**
 * 'holds' when the one batch of all the stages holds; 'false' when it does not or a chunk holds a
 * non-member or a scalar out of range; 'unread' when the stages are not a chain of one shape.
 */
async function oneBatch<E>(
  runner: TaskRunner,
  G: Group<E>,
  K: E,
  session: Uint8Array,
  stages: readonly ChainStageFiles[],
  opts: ChainVerifyOptions,
): Promise<'holds' | 'false' | 'unread'> {
  const stream = runner.stream?.bind(runner);
  if (!stream) throw new RangeError('verifyChainStream: the runner cannot run stream tasks');
  if (stages.length === 0 || !(session instanceof Uint8Array) || session.length !== 32) return 'unread';
  const S = readStages(G, K, session, stages);
  if (!S) return 'unread';
  const { N, w } = S[0]!.head;
  const q = G.q;
  const seed = generatorSeed(session);
  const perRow = 2 * w + S.length * (2 * w + 3) + 1;
  const want = opts.chunkRows ?? Math.max(1, Math.floor(CHUNK_ELEMENTS / perRow));
  // in this thread, chunks of equal size; with worker threads, at least two per thread
  const per =
    runner.threads === 0 ? Math.ceil(N / Math.ceil(N / want)) : rowsPerChunk(N, runner.threads, want);
  let acc = G.one;
  const uProd = S.map(() => 1n);
  const gPart = S.map(() => 0n);
  let ok = true;
  await forChunks(
    chunkRanges(N, per),
    Math.max(2, 2 * runner.threads),
    ([a, b]) =>
      stream({
        kind: 'verify-chain-rows',
        group: G.name,
        N,
        w,
        from: a,
        count: b - a,
        seed,
        stages: S.map((s) => s.task),
        ...(opts.keep !== undefined ? { keep: opts.keep } : {}),
      }),
    (r) => {
      if (!r.ok) {
        ok = false;
        return;
      }
      acc = G.mul(acc, G.decode(r.sum, 'partial'));
      S.forEach((_, j) => {
        uProd[j] = mod(uProd[j]! * bytesToBigint(r.uProd.subarray(32 * j, 32 * j + 32)), q);
        gPart[j] = gPart[j]! + bytesToBigint(r.gPart.subarray(32 * j, 32 * j + 32));
      });
    },
  );
  if (!ok) return 'false'; // named by the stages one by one
  const h0 = G.hashToElement(concatBytes(seed, int4(0)), GENERATOR_DST);
  const bases: E[] = [];
  const exps: bigint[] = [];
  S.forEach((s, j) => {
    const f = fixedTerms(G, K, h0, s.head, s.c, s.wt, uProd[j]!, gPart[j]!, firstScalar(s.paths.sPrime));
    bases.push(...f.bases);
    exps.push(...f.exps.map((x) => mod(x, q)));
  });
  return G.equals(G.mul(acc, G.multiExp(bases, exps)), G.one) ? 'holds' : 'false';
}
