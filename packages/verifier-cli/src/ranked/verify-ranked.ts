/**
 * Verification of the ranked-choice contests of a record (spec/mixnet.md §8.5): for every folder
 * `ranked/<contest-id>/`, four steps —
 *   `B:<id>` the ballots entering the mix (B1–B4, spec/ranked-choice.md §2.2, §2.4),
 *   `C:<id>` the mix chain, the folder of streamed files mix-chain/ (./verify-chain.ts: C1–C3 with
 *   M1–M9, spec/mixnet.md §5, §7.5; C4 k stages by k different
 *   guardians, each signed by the guardian it names),
 *   `D:<id>` the decryptions of the last stage (D1–D3, spec/mixnet.md §6.2, §8.3),
 *   `K:<id>` the recount and the published table (K1–K4, spec/ranked-choice.md §5).
 * Never throws on bad data: an unreadable file or field is a failed check naming the file and
 * field; steps that need it are skipped with a note. The large files are never parsed whole:
 * B and D read their elements in chunks (./step-b.ts, ./step-d.ts), C streams the chain's files.
 * @module
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CountResult,
  type Group,
  type RankedContest,
  type RankedPlaintext,
  publicKey,
  verifyRankedCount,
} from '@evident/e2e-crypto';
import type { TaskRunner } from '@evident/e2e-crypto/mixnet-parallel';
import { type StepCollector as Collector, type StepResult, stepCollector } from '../report.js';
import {
  COUNT_FILE,
  DECRYPTIONS_FILE,
  INPUTS_FILE,
  MIX_CHAIN_DIR,
  RANKED_DIR,
  readRankedFile,
} from '@evident/record';
import { CHUNK_ELEMENTS, type ChunkRunner, chunksInThread } from './chunk-runner.js';
import type { InputsRows } from './inputs-rows.js';
import { runStepB } from './step-b.js';
import { runStepD } from './step-d.js';
import { verifyChainFolder } from './verify-chain.js';

/** What the ranked checks need from the rest of the record. */
export interface RankedContext<E> {
  readonly G: Group<E>;
  /** the joint election key K */
  readonly K: E;
  /** the extended base hash H_E */
  readonly hE: Uint8Array;
  /** C1: the fewest mix stages accepted (default 1); in an election record the quorum k */
  readonly minStages?: number;
  /**
   * n, the number of guardians: when given, C4 requires every stage to name its guardian
   * (index 1..n), all different, at least `minStages` of them — so that with fewer than k
   * colluding guardians one stage is honest (spec/mixnet.md §8.5)
   */
  readonly guardians?: number;
  /**
   * the guardians' signing keys (2.E): when given, C4 also requires each stage to carry a valid
   * signature by the guardian it names (spec/key-ceremony.md §13), so k distinct signers
   */
  readonly signingKeys?: ReadonlyMap<number, Uint8Array>;
  /**
   * runs the streamed shuffle verifier's chunks (default: this thread for a small chain, a pool of
   * worker threads, one per core, from 50,000 ciphertexts per stage)
   */
  readonly runner?: TaskRunner;
  /** runs steps B's and D's chunks (./chunk-runner.ts; default: this thread) */
  readonly chunks?: ChunkRunner;
  /** ballots or rows per chunk of B and D (default CHUNK_ELEMENTS) */
  readonly chunkSize?: number;
}

/**
 * Verifies every contest under `recordDir/ranked/`.
 * @returns four steps per contest, in folder-name order; none when the record has no ranked contests
 */
export async function verifyRankedContests<E>(
  recordDir: string,
  ctx: RankedContext<E>,
): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  for (const name of await rankedContestFolders(recordDir))
    steps.push(...(await verifyRankedContest(recordDir, name, ctx)).steps);
  return steps;
}

/** The contest folders under `recordDir/ranked/`, sorted; none when there is no such folder. */
export async function rankedContestFolders(recordDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(recordDir, RANKED_DIR), { withFileTypes: true });
    return entries
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** A contest's four steps and what step B read for the record's other checks. */
export interface RankedContestOutcome {
  readonly steps: StepResult[];
  /** L3.G's rows of inputs.json (undefined: not JSON) */
  readonly rows?: InputsRows;
  /** the digests (32 bytes each) of the rows step B decoded (../evident/ranked-deferred.ts) */
  readonly decoded: Uint8Array;
  /** inputs.json's `contest` member, when the file is a JSON object (15.A) */
  readonly contest?: { readonly value: unknown };
}

/**
 * The four steps of the contest in folder `ranked/<id>/` (independent of the other contests).
 * B and D run in chunks of `ctx.chunks` (this thread by default), C's in `ctx.runner`'s.
 */
export async function verifyRankedContest<E>(
  recordDir: string,
  id: string,
  ctx: RankedContext<E>,
): Promise<RankedContestOutcome> {
  const { G } = ctx;
  const at = (f: string) => `${RANKED_DIR}/${id}/${f}`;
  const B = stepCollector(`B:${id}`, `ranked contest ${id}: ballots entering the mix`);
  const C = stepCollector(`C:${id}`, `ranked contest ${id}: mix chain`);
  const D = stepCollector(`D:${id}`, `ranked contest ${id}: decryptions`);
  const Kc = stepCollector(`K:${id}`, `ranked contest ${id}: count`);
  const chunks = ctx.chunks ?? chunksInThread({ ...ctx, pk: publicKey(G, ctx.K) });

  const size = ctx.chunkSize ?? CHUNK_ELEMENTS;
  const b = await runStepB(recordDir, id, G, { chunks, size }, B);
  const results: StepResult[] = [B.done()];
  const outcome = (steps: StepResult[]): RankedContestOutcome => ({
    steps,
    decoded: b.decoded,
    ...(b.rows ? { rows: b.rows } : {}),
    ...(b.contestValue ? { contest: b.contestValue } : {}),
  });
  const { contest, usable } = b;
  if (!contest || !usable) {
    const why = `${at(INPUTS_FILE)} is unreadable`;
    return outcome([...results, C.skip(why), D.skip(why), Kc.skip(why)]);
  }

  // C: the chain folder mix-chain/, streamed
  const last = await verifyChainFolder(recordDir, id, ctx, { ...usable, c1Bad: b.c1Bad }, C);
  results.push(C.done());
  if (!last) {
    const why = `${at(MIX_CHAIN_DIR)}/ is unreadable or does not verify`;
    return outcome([...results, D.skip(why), Kc.skip(why)]);
  }

  // D: decryptions.json against the last outputs, in chunks
  const plain = await runStepD(recordDir, id, contest, usable.N, last, { chunks, size }, D);
  results.push(D.done());
  const decFile = at(DECRYPTIONS_FILE);
  if (!plain) return outcome([...results, Kc.skip(`${decFile} is unreadable or does not verify`)]);

  // K: count.json, recomputed from the verified decryptions (not from the published plaintexts)
  results.push(await checkCount(recordDir, id, contest, plain, decFile, Kc));
  return outcome(results);
}

/** K: count.json against the recount of the verified decryptions' plaintexts. */
async function checkCount(
  recordDir: string,
  id: string,
  contest: RankedContest,
  plain: readonly RankedPlaintext[],
  decFile: string,
  Kc: Collector,
): Promise<StepResult> {
  const countFile = `${RANKED_DIR}/${id}/${COUNT_FILE}`;
  const rc = await readRankedFile(recordDir, id, COUNT_FILE);
  if (!rc.ok) Kc.fail('K2', `${countFile} ${rc.problem.field}`.trim(), rc.problem.message);
  else {
    const published = (rc.value.result ?? {}) as CountResult;
    const r = verifyRankedCount(
      contest,
      plain.map((p) => p.ranks),
      published,
      plain.map((p) => p.writeIns),
    );
    Kc.item();
    for (const f of r) {
      const file = f.check === 'K1' ? decFile : countFile;
      const loc = f.check === 'K1' ? f.where.replace(/^rows/, 'plaintexts') : `result.${f.where}`;
      Kc.fail(f.check, `${file} ${loc}`, f.message);
    }
  }
  return Kc.done();
}
