/**
 * The one writer of `RECORD/ranked/<contest-id>/` (spec/mixnet.md §8): from the JSON the board
 * holds (the server's export) or from e2e-crypto values (simulations, tests). Node-only (file
 * system); the cryptography stays in @evident/e2e-crypto.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
  groupByName,
  mixStageStatement,
  rankedBallotFromJson,
  rankedBallotToJson,
  rowDecryptionsToJson,
  rowsFromJson,
  rowsToJson,
  shuffleProofFromJson,
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
  isSafeContestId,
  type MixStageJson,
  RANKED_DIR,
  RANKED_FILE_VERSION,
  RANKED_FORMATS,
} from './ranked-files.js';
import { type ChainStageJson, MIX_CHAIN_DIR, writeMixChainFiles } from './mix-chain-files.js';
import { decryptionsFileWriter } from './decryptions-file.js';

/** The bodies of a contest's files, without their headers (format, version, contestId). */
export interface RankedFileBodies {
  readonly group: string;
  readonly contest: RankedContest;
  readonly ballots: InputsJson['ballots'];
  readonly stages: readonly MixStageJson[];
  /**
   * instead of `stages`: `chain.json`'s stages, whose files the caller has written to
   * `mix-chain/stage-<j>/` (the server's export copies them from its store, spec/mixnet.md §8.6)
   */
  readonly chainStages?: readonly ChainStageJson[];
  /** absent before the guardians have decrypted: the file is left out */
  readonly decryptions?: Pick<DecryptionsJson, 'rows' | 'plaintexts'>;
  /** absent before the count is published: the file is left out */
  readonly result?: CountResult;
}

/**
 * Writes a contest's files from their JSON bodies, each with its header; the mix chain as the
 * folder of streamed files (./mix-chain-files.ts).
 * @returns the folder written
 * @throws {RangeError} when the contest id cannot be a folder name
 */
export function writeRankedFiles(recordDir: string, b: RankedFileBodies): string {
  const id = b.contest.id;
  if (!isSafeContestId(id)) throw new RangeError(`contest.id: "${id}" cannot name a folder`);
  const dir = join(recordDir, RANKED_DIR, id);
  mkdirSync(dir, { recursive: true });
  const version = RANKED_FILE_VERSION;
  const inputs: InputsJson = {
    format: RANKED_FORMATS[INPUTS_FILE],
    version,
    group: b.group,
    contest: b.contest,
    ballots: b.ballots,
  };
  writeChain(join(dir, MIX_CHAIN_DIR), b);
  const files: [string, unknown][] = [[INPUTS_FILE, inputs]];
  if (b.decryptions) writeDecryptions(join(dir, DECRYPTIONS_FILE), id, b.decryptions);
  if (b.result) {
    const c: CountJson = { format: RANKED_FORMATS[COUNT_FILE], version, contestId: id, result: b.result };
    files.push([COUNT_FILE, c]);
  }
  for (const [name, v] of files) writeFileSync(join(dir, name), JSON.stringify(v) + '\n');
  return dir;
}

/** `decryptions.json` by its one writer (./decryptions-file.ts), w taken from the first row. */
function writeDecryptions(
  path: string,
  contestId: string,
  d: Pick<DecryptionsJson, 'rows' | 'plaintexts'>,
): void {
  const out = decryptionsFileWriter(path, contestId, d.rows[0]?.length ?? 0);
  try {
    out.addRows(d.rows);
    out.end(d.plaintexts);
  } catch (e) {
    out.abort();
    throw e;
  }
}

/**
 * The chain folder from the stages' JSON (decoded: the files hold encodings, spec/mixnet.md §8.2).
 * @throws {InvalidDataError} naming the field when a stage does not decode
 */
function writeChain(chainDir: string, b: RankedFileBodies): void {
  writeChainIn(chainDir, groupByName(b.group) as Group<unknown>, b);
}

function writeChainIn<E>(chainDir: string, G: Group<E>, b: RankedFileBodies): void {
  const inputs = b.ballots.map((x, i) => rankedBallotFromJson(G, x, `ballots[${i}]`).row);
  const stages = b.stages.map((st, j) => ({
    mixer: st.mixer,
    outputs: rowsFromJson(G, st.outputs, `stages[${j}].outputs`),
    proof: shuffleProofFromJson(G, st.proof, `stages[${j}].proof`),
  }));
  const meta =
    b.chainStages ??
    b.stages.map(({ mixer, guardian, signature }) => ({
      mixer,
      ...(guardian !== undefined ? { guardian } : {}),
      ...(signature !== undefined ? { signature } : {}),
    }));
  writeMixChainFiles(chainDir, G, b.contest.id, inputs, stages, meta);
}

/** Everything published about one ranked contest after the election, as e2e-crypto values. */
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

/**
 * Writes the four files of one contest from e2e-crypto values.
 * @returns the folder written
 * @throws {RangeError} when the contest id cannot be a folder name
 */
export async function writeRankedContest<E>(
  recordDir: string,
  G: Group<E>,
  data: RankedContestData<E>,
): Promise<string> {
  return writeRankedFiles(recordDir, {
    group: G.name,
    contest: data.contest,
    ballots: data.ballots.map(({ id, ballot }) => ({ id, ...rankedBallotToJson(G, ballot) })),
    stages: data.stages.map((st, j) => ({
      mixer: st.mixer,
      ...(data.stageGuardians?.[j] !== undefined ? { guardian: data.stageGuardians[j] } : {}),
      outputs: rowsToJson(G, st.outputs),
      proof: shuffleProofToJson(G, st.proof),
      ...(data.stageSignatures?.[j] !== undefined ? { signature: data.stageSignatures[j] } : {}),
    })),
    decryptions: { rows: rowDecryptionsToJson(G, data.decryptions), plaintexts: data.plaintexts },
    result: data.count,
  });
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
