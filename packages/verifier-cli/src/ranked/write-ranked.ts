/**
 * Writes a ranked-choice contest's post-election data as the verifier reads it
 * (spec/mixnet.md §8): `RECORD/ranked/<contest-id>/{inputs, mix-chain, decryptions, count}.json`.
 * Node-only (file system); the cryptography stays in @evident/e2e-crypto.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ChaumPedersenProof,
  type CountResult,
  type Group,
  type MixStage,
  type RankedBallot,
  type RankedContest,
  type RankedPlaintext,
  type RowDecryption,
  mixStageStatement,
  rankedBallotToJson,
  rowDecryptionsToJson,
  rowsToJson,
  shuffleProofToJson,
  signGuardianStatement,
  signatureHex,
} from '@evident/e2e-crypto';
import {
  COUNT_FILE,
  type CountJson,
  DECRYPTIONS_FILE,
  type DecryptionsJson,
  INPUTS_FILE,
  type InputsJson,
  MIX_CHAIN_FILE,
  type MixChainJson,
  RANKED_DIR,
} from './ranked-files.js';

/** Everything published about one ranked contest after the election. */
export interface RankedContestData<E> {
  readonly contest: RankedContest;
  /** the cast ballots of the contest in bulletin-board order, with their ids */
  readonly ballots: readonly { readonly id: string; readonly ballot: RankedBallot<E> }[];
  readonly stages: readonly MixStage<E>[];
  /** the index i (1..n) of the guardian who mixed each stage (check C4) */
  readonly stageGuardians?: readonly number[];
  /** each stage's guardian signature, hex (check C4, spec/key-ceremony.md §13); see {@link signStages} */
  readonly stageSignatures?: readonly string[];
  /** threshold decryptions of the last stage's outputs */
  readonly decryptions: readonly (readonly RowDecryption<E, ChaumPedersenProof<E>>[])[];
  readonly plaintexts: readonly RankedPlaintext[];
  readonly count: CountResult;
}

/** A contest id usable as a folder name: letters, digits, `.`, `_`, `-`, not `.` or `..`. */
export function isSafeContestId(id: string): boolean {
  return /^[A-Za-z0-9._-]{1,128}$/.test(id) && id !== '.' && id !== '..';
}

/**
 * Writes the four files of one contest.
 * @returns the folder written
 * @throws {RangeError} when the contest id cannot be a folder name
 */
export async function writeRankedContest<E>(
  recordDir: string,
  G: Group<E>,
  data: RankedContestData<E>,
): Promise<string> {
  const id = data.contest.id;
  if (!isSafeContestId(id)) throw new RangeError(`contest.id: "${id}" cannot name a folder`);
  const dir = join(recordDir, RANKED_DIR, id);
  await mkdir(dir, { recursive: true });
  const inputs: InputsJson = {
    format: 'evident-ranked/inputs',
    version: 1,
    group: G.name,
    contest: data.contest,
    ballots: data.ballots.map(({ id: bid, ballot }) => ({ id: bid, ...rankedBallotToJson(G, ballot) })),
  };
  const chain: MixChainJson = {
    format: 'evident-ranked/mix-chain',
    version: 1,
    contestId: id,
    stages: data.stages.map((st, j) => ({
      mixer: st.mixer,
      ...(data.stageGuardians?.[j] !== undefined ? { guardian: data.stageGuardians[j] } : {}),
      outputs: rowsToJson(G, st.outputs),
      proof: shuffleProofToJson(G, st.proof),
      ...(data.stageSignatures?.[j] !== undefined ? { signature: data.stageSignatures[j] } : {}),
    })),
  };
  const decs: DecryptionsJson = {
    format: 'evident-ranked/decryptions',
    version: 1,
    contestId: id,
    method: 'threshold',
    rows: rowDecryptionsToJson(G, data.decryptions),
    plaintexts: data.plaintexts,
  };
  const count: CountJson = { format: 'evident-ranked/count', version: 1, contestId: id, result: data.count };
  const files: [string, unknown][] = [
    [INPUTS_FILE, inputs],
    [MIX_CHAIN_FILE, chain],
    [DECRYPTIONS_FILE, decs],
    [COUNT_FILE, count],
  ];
  for (const [name, v] of files) await writeFile(join(dir, name), JSON.stringify(v) + '\n');
  return dir;
}

/**
 * The signatures of a chain's stages, as `evident-trustee mix` makes them: stage j, naming
 * guardian `guardians[j]`, signed with `secretOf(guardians[j])` (spec/key-ceremony.md §13).
 */
export function signStages<E>(
  G: Group<E>,
  hE: Uint8Array,
  contestId: string,
  stages: readonly MixStage<E>[],
  guardians: readonly number[],
  secretOf: (x: number) => Uint8Array,
): string[] {
  return stages.map((st, j) => {
    const x = guardians[j]!;
    const s = mixStageStatement(
      hE,
      contestId,
      j,
      x,
      rowsToJson(G, st.outputs),
      shuffleProofToJson(G, st.proof),
    );
    return signatureHex(signGuardianStatement(secretOf(x), s));
  });
}
