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
 * field; steps that need it are skipped with a note.
 * @module
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Batch,
  type ChaumPedersenProof,
  type CiphertextRow,
  type CountResult,
  type Group,
  type RankedBallot,
  type RankedContest,
  type RankedPlaintext,
  type RowDecryption,
  checkRankedContest,
  createBatch,
  isInvalidData,
  publicKey,
  rankedBallotFromJson,
  rankedLayout,
  readRankedRows,
  rowDecryptionsFromJson,
  thresholdRowDecryptionVerifier,
  verifyRankedBallot,
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
}

/** Runs `f`, turning a decoding error into a failed check naming the file and field. */
function decoding<T>(step: Collector, check: string, file: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (isInvalidData(e)) step.fail(check, `${file} ${e.field}`, e.message);
    else step.fail(check, file, e instanceof Error ? e.message : 'unreadable');
    return undefined;
  }
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
    steps.push(...(await verifyRankedContest(recordDir, name, ctx)));
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

/**
 * The four steps of the contest in folder `ranked/<id>/` (independent of the other contests, so
 * that each can run in its own worker thread).
 * @param onInputs - called with the parsed `inputs.json` when it is JSON (for L3.G, which then
 *   does not parse it again: ./inputs-rows.ts)
 * @param onDecoded - called once step B decoded the ballots, with whether each decoded (every
 *   element a group member, every scalar in range): the ballot pass defers the membership of
 *   these rows to here (spec/verification.md §5.1)
 */
export async function verifyRankedContest<E>(
  recordDir: string,
  id: string,
  ctx: RankedContext<E>,
  onInputs?: (value: unknown) => void,
  onDecoded?: (decoded: readonly boolean[]) => void,
): Promise<StepResult[]> {
  const { G, K, hE } = ctx;
  const at = (f: string) => `${RANKED_DIR}/${id}/${f}`;
  const B = stepCollector(`B:${id}`, `ranked contest ${id}: ballots entering the mix`);
  const C = stepCollector(`C:${id}`, `ranked contest ${id}: mix chain`);
  const D = stepCollector(`D:${id}`, `ranked contest ${id}: decryptions`);
  const Kc = stepCollector(`K:${id}`, `ranked contest ${id}: count`);
  const pk = publicKey(G, K);

  // B: inputs.json
  const inputsFile = at(INPUTS_FILE);
  const rin = await readRankedFile(recordDir, id, INPUTS_FILE, onInputs);
  let contest: RankedContest | undefined;
  let inputs: CiphertextRow<E>[] | undefined;
  if (!rin.ok) B.fail('B1', `${inputsFile} ${rin.problem.field}`.trim(), rin.problem.message);
  else {
    const v = rin.value;
    if (v.group !== G.name) B.fail('B1', `${inputsFile} group`, `expected "${G.name}"`);
    else if (decoding(B, 'B1', inputsFile, () => checkContestJson(v.contest, id))) contest = v.contest;
    if (contest) inputs = checkBallots(G, pk, hE, contest, v.ballots, inputsFile, B, onDecoded);
  }
  const results: StepResult[] = [B.done()];
  if (!contest || !inputs) {
    const why = `${inputsFile} is unreadable`;
    return [...results, C.skip(why), D.skip(why), Kc.skip(why)];
  }

  // C: the chain folder mix-chain/, streamed
  const last = await verifyChainFolder(recordDir, id, ctx, inputs, C);
  results.push(C.done());
  if (!last) {
    const why = `${at(MIX_CHAIN_DIR)}/ is unreadable or does not verify`;
    return [...results, D.skip(why), Kc.skip(why)];
  }

  // D: decryptions.json
  const decFile = at(DECRYPTIONS_FILE);
  const rdec = await readRankedFile(recordDir, id, DECRYPTIONS_FILE);
  let plain: RankedPlaintext[] | undefined;
  if (!rdec.ok) D.fail('D1', `${decFile} ${rdec.problem.field}`.trim(), rdec.problem.message);
  else if (rdec.value.method !== 'threshold') D.fail('D1', `${decFile} method`, 'expected "threshold"');
  else {
    const decs = decoding(D, 'D1', decFile, () => rowDecryptionsFromJson(G, rdec.value.rows, 'rows'));
    if (decs) plain = checkDecryptions(G, ctx, contest, last, decs, rdec.value.plaintexts, decFile, D);
  }
  results.push(D.done());
  if (!plain) return [...results, Kc.skip(`${decFile} is unreadable or does not verify`)];

  // K: count.json, recomputed from the verified decryptions (not from the published plaintexts)
  const countFile = at(COUNT_FILE);
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
  results.push(Kc.done());
  return results;
}

/** The contest object of inputs.json (B1). @throws {RangeError} naming the field */
function checkContestJson(c: unknown, id: string): true {
  if (typeof c !== 'object' || c === null) throw new RangeError('contest: expected an object');
  const o = c as RankedContest;
  if (o.id !== id) throw new RangeError(`contest.id: expected "${id}" (the folder name)`);
  if (!Array.isArray(o.candidates) || o.candidates.some((x) => typeof x !== 'string'))
    throw new RangeError('contest.candidates: expected strings');
  checkRankedContest(o);
  return true;
}

/** B1–B4 over all ballots; @returns the rows entering the mix, or undefined if any is unreadable. */
function checkBallots<E>(
  G: Group<E>,
  pk: ReturnType<typeof publicKey<E>>,
  hE: Uint8Array,
  contest: RankedContest,
  list: unknown,
  file: string,
  step: Collector,
  onDecoded?: (decoded: readonly boolean[]) => void,
): CiphertextRow<E>[] | undefined {
  if (!Array.isArray(list) || list.length === 0) {
    step.fail('B1', `${file} ballots`, 'expected a non-empty array');
    return undefined;
  }
  const ballots: (RankedBallot<E> | undefined)[] = list.map((b, i) =>
    decoding(step, 'B1', file, () => rankedBallotFromJson(G, b, `ballots[${i}]`)),
  );
  onDecoded?.(ballots.map((b) => b !== undefined));
  const batch: Batch<E> | undefined = G.proofForm === 'commitment' ? createBatch(G) : undefined;
  const early = new Set<number>();
  ballots.forEach((b, i) => {
    if (!b) return;
    step.item();
    const [r] = verifyRankedBallot(G, pk, hE, contest, b, batch);
    if (r) {
      early.add(i);
      step.fail(
        r.check,
        `${file} ballots[${i}].${r.where}`,
        r.check === 'B1' ? 'wrong shape' : 'proof is invalid',
      );
    }
  });
  if (batch && !batch.check()) {
    ballots.forEach((b, i) => {
      if (!b || early.has(i)) return;
      const [r] = verifyRankedBallot(G, pk, hE, contest, b);
      if (r) step.fail(r.check, `${file} ballots[${i}].${r.where}`, 'proof is invalid');
    });
  }
  // B4: a ciphertext appears once (a copied ciphertext would link two ballots after the mix)
  const seen = new Map<string, string>();
  ballots.forEach((b, i) =>
    b?.row.forEach((ct, k) => {
      const key = G.key(ct.alpha);
      const prev = seen.get(key);
      if (prev) step.fail('B4', `${file} ballots[${i}].row[${k}]`, `repeats the ciphertext at ${prev}`);
      else seen.set(key, `ballots[${i}].row[${k}]`);
    }),
  );
  if (ballots.some((b) => !b)) return undefined;
  const w = rankedLayout(G, contest).width;
  const rows = (ballots as RankedBallot<E>[]).map((b) => b.row);
  return rows.every((r) => r.length === w) ? rows : undefined;
}

/** D1–D2 (proofs) and D3 (published plaintexts = what the decryptions read as). */
function checkDecryptions<E>(
  G: Group<E>,
  ctx: RankedContext<E>,
  contest: RankedContest,
  last: readonly CiphertextRow<E>[],
  decs: RowDecryption<E, ChaumPedersenProof<E>>[][],
  published: unknown,
  file: string,
  step: Collector,
): RankedPlaintext[] | undefined {
  const r = thresholdRowDecryptionVerifier(G, { K: ctx.K, hE: ctx.hE })(last, decs);
  decs.forEach((row) => row.forEach(() => step.item()));
  for (const f of r) step.fail(f.check, `${file} ${f.where.replace(/^decryptions/, 'rows')}`, f.message);
  if (r.length > 0) return undefined; // D3 and K need verified decryptions
  const plain = readRankedRows(G, ctx.K, contest, decs);
  const pub = Array.isArray(published) ? published : [];
  if (pub.length !== plain.length) step.fail('D3', `${file} plaintexts`, `expected ${plain.length} rows`);
  plain.forEach((p, i) => {
    const q = pub[i] as RankedPlaintext | undefined;
    if (!q) return;
    if (JSON.stringify(q.ranks) !== JSON.stringify(p.ranks))
      step.fail('D3', `${file} plaintexts[${i}].ranks`, `decryptions read as ${JSON.stringify(p.ranks)}`);
    if (JSON.stringify(q.writeIns) !== JSON.stringify(p.writeIns))
      step.fail(
        'D3',
        `${file} plaintexts[${i}].writeIns`,
        `decryptions read as ${JSON.stringify(p.writeIns)}`,
      );
  });
  return plain;
}
