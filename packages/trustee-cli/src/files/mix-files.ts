/**
 * The mix files of ranked contests (spec/server-api.md §7.5; schemas
 * `spec/schemas/trustee/mix-input.schema.json`, `mix-stage.schema.json`): the mix so far, which a
 * guardian reads and verifies end to end before adding its own stage, and the stage it writes.
 * Every refusal names the file and the field.
 * @module
 */
import {
  type CiphertextRow,
  type Finding,
  type Group,
  type MixStage,
  type RankedContest,
  checkRankedContest,
  createBatch,
  decodeSignatureBytes,
  mixSessionHash,
  mixStageStatement,
  verifyGuardianSignature,
  publicKey,
  rankedLayout,
  verifyMixChain,
  verifyRankedBallot,
} from '@evident/e2e-crypto';
import { MIX_INPUT_FORMAT, MIX_STAGE_FORMAT, decodeMixInput, schemaProblem } from '@evident/record';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import type { ElectionKey } from './election-key.js';
import { inFile } from './json-file.js';

export { MIX_INPUT_FORMAT, MIX_STAGE_FORMAT };

/** A verified mix input: the contest, the rows of its last stage (or the ballots) and the stage number due. */
export interface MixInput {
  readonly contest: RankedContest;
  /** stages required by the election (k) */
  readonly required: number;
  /** the number of the stage to write (= stages accepted so far) */
  readonly next: number;
  /** guardian coordinates that already mixed */
  readonly mixers: readonly number[];
  /** the rows the next stage shuffles */
  readonly rows: readonly CiphertextRow<unknown>[];
  /** how many ballots and stages were verified */
  readonly ballots: number;
  readonly stages: number;
}

/** H_mix of a contest: H(H_E; 0x60, "contest:<id>") (spec/mixnet.md §8.2), from the guardian's own H_E. */
export function contestSession(hE: Uint8Array, contestId: string): Uint8Array {
  return mixSessionHash(hE, `contest:${contestId}`);
}

/**
 * Checks a mix input against this guardian's election key and verifies it end to end: the schema,
 * the ceremony, the group, the contest; every ballot's range and write-in proofs and the uniqueness
 * of its ciphertexts (spec/ranked-choice.md §2.2, B1–B4); every earlier stage's proof of shuffle,
 * chained from the ballots' rows (spec/mixnet.md §5.3, C1–C3 with M1–M9).
 * @param file - the file's name (or URL) for messages
 * @param onProgress - ticks once per ballot and once per stage
 * @throws {TrusteeError} INVALID_FILE naming the field of the first failure
 */
export function verifyMixInput(
  ek: ElectionKey,
  file: string,
  data: unknown,
  onProgress: () => void = () => {},
): MixInput {
  const problem = schemaProblem('mix-input', data);
  if (problem) throw refuse(file, `${problem.message} (schema mix-input.schema.json)`, problem.where);
  const d = data as {
    ceremonyId: string;
    group: string;
    contest: RankedContest;
    next: number;
    stages: unknown[];
  };
  const G = ek.c.G as Group<unknown>;
  if (d.ceremonyId.toUpperCase() !== ek.c.id)
    throw refuse(file, `belongs to another key ceremony than ${ek.c.id.slice(0, 16)}…`, 'ceremonyId');
  if (d.group !== G.name) throw refuse(file, `is for group ${d.group}, the election uses ${G.name}`, 'group');
  try {
    checkRankedContest(d.contest);
  } catch (e) {
    throw refuse(file, (e as Error).message, 'contest');
  }
  if (d.next !== d.stages.length)
    throw refuse(file, `says stage ${d.next} is next but holds ${d.stages.length} stages`, 'next');
  const pk = publicKey(G, ek.K);
  const lay = rankedLayout(G, d.contest);
  const m = inFile(file, () => decodeMixInput(G, d));
  // B1–B3: every ballot, proofs batched in commitment form, re-checked one by one to name a bad one
  const { ballots } = m;
  if (ballots.length === 0)
    throw new TrusteeError(EXIT.PROTOCOL, file, 'no ballot entered this mix: nothing to shuffle');
  const batch = G.proofForm === 'commitment' ? createBatch(G) : undefined;
  const named = (i: number, r: Finding) =>
    refuse(
      file,
      `${r.check === 'B1' ? 'wrong shape' : 'proof does not verify'} (spec/ranked-choice.md §2.2 ${r.check})`,
      `ballots[${i}].${r.where}`,
    );
  ballots.forEach((b, i) => {
    const [r] = verifyRankedBallot(G, pk, ek.hE, d.contest, b, batch);
    if (r) throw named(i, r);
    onProgress();
  });
  if (batch && !batch.check())
    ballots.forEach((b, i) => {
      const [r] = verifyRankedBallot(G, pk, ek.hE, d.contest, b);
      if (r) throw named(i, r);
    });
  // B4: no ciphertext twice
  const seen = new Map<string, string>();
  ballots.forEach((b, i) =>
    b.row.forEach((ct, k) => {
      const key = G.key(ct.alpha);
      const prev = seen.get(key);
      if (prev) throw refuse(file, `repeats the ciphertext of ${prev} (B4)`, `ballots[${i}].row[${k}]`);
      seen.set(key, `ballots[${i}].row[${k}]`);
    }),
  );
  const inputs = ballots.map((b) => b.row);
  if (inputs.some((r) => r.length !== lay.width))
    throw refuse(file, 'rows of the wrong width (B1)', 'ballots');
  // C1–C3: the chain so far
  const stages: MixStage<unknown>[] = m.stages.map((st) => ({
    mixer: st.guardian.id,
    outputs: st.outputs,
    proof: st.proof,
  }));
  const mixers = m.stages.map((st) => st.guardian.x);
  if (new Set(mixers).size !== mixers.length) throw refuse(file, 'a guardian mixed twice', 'stages');
  if (stages.length > 0) {
    const v = verifyMixChain(G, ek.K, contestSession(ek.hE, d.contest.id), inputs, stages, 0);
    stages.forEach(() => onProgress());
    const [f] = v;
    if (f) throw refuse(file, `${f.check}: ${f.message} (spec/mixnet.md §5)`, f.where);
  }
  // C4: each stage signed by the guardian it names (spec/key-ceremony.md §13)
  m.stages.forEach((st, j) => {
    const key = ek.guardians.get(st.guardian.x)?.signingKey;
    const sig = inFile(file, () => decodeSignatureBytes(st.signature, `stages[${j}].signature`, 64));
    const statement = mixStageStatement(ek.hE, d.contest.id, j, st.guardian.x, st.rawOutputs, st.rawProof);
    if (!key || !verifyGuardianSignature(key, statement, sig))
      throw refuse(
        file,
        `stage ${j} is not signed by guardian ${st.guardian.x} (C4)`,
        `stages[${j}].signature`,
      );
  });
  return {
    contest: d.contest,
    required: m.required,
    next: m.next,
    mixers,
    rows: stages.at(-1)?.outputs ?? inputs,
    ballots: ballots.length,
    stages: stages.length,
  };
}
