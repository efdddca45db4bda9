/**
 * The one definition of a ranked contest's mix chain in the record (spec/mixnet.md §8.2): the
 * streamed files of spec/mixnet.md §7.5, so that a chain of a million rows is written, read and
 * verified chunk by chunk, never held whole.
 *   ranked/<id>/mix-chain/chain.json        format, version 2, contestId, N, w, stages[{mixer,
 *                                           guardian?, signature?}] (schema ranked-mix-chain)
 *   ranked/<id>/mix-chain/inputs.bin        the rows of inputs.json, α ∥ β, in ballot order
 *   ranked/<id>/mix-chain/stage-<j>/        outputs.bin, c.bin, cHat.bin, tHat.bin, sHat.bin,
 *                                           sPrime.bin, proof-head.json of stage j; its inputs are
 *                                           inputs.bin (j = 0) or stage-<j−1>/outputs.bin
 * The record's writer (./write-ranked.ts), the verifier (C, L3.I) and the streamed stage digest
 * (./stage-digest.ts) take names and paths from here. Node only.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CiphertextRow, Group, MixStage } from '@evident/e2e-crypto';
import {
  appendRows,
  headPath,
  type ShufflePaths,
  shufflePaths,
  writeProofFiles,
} from '@evident/e2e-crypto/mixnet-parallel';

/** The folder of the chain inside `ranked/<id>/`. */
export const MIX_CHAIN_DIR = 'mix-chain';
/** The chain's header, inside {@link MIX_CHAIN_DIR}. */
export const CHAIN_HEAD_FILE = 'chain.json';
/** The first stage's inputs, inside {@link MIX_CHAIN_DIR}. */
export const CHAIN_INPUTS_FILE = 'inputs.bin';
/** The in-memory chain of version 1 (one JSON file), no longer written nor read (§8.2). */
export const LEGACY_MIX_CHAIN_FILE = 'mix-chain.json';
/** The version of `chain.json` (1 was the in-memory `mix-chain.json`). */
export const MIX_CHAIN_VERSION = 2;

/** The folder name of stage j. */
export const stageDirName = (j: number): string => `stage-${j}`;

/** What `chain.json` says of one stage (its data are the files of its folder). */
export interface ChainStageJson {
  readonly mixer: string;
  /** the mixing guardian's index i (1..n), check C4 */
  readonly guardian?: number;
  /** the mixing guardian's signature (spec/key-ceremony.md §13), check C4 */
  readonly signature?: string;
}

/** `mix-chain/chain.json`. */
export interface MixChainHeadJson {
  readonly format: 'evident-ranked/mix-chain';
  readonly version: 2;
  readonly contestId: string;
  /** rows per stage (the ballots of inputs.json) */
  readonly N: number;
  /** ciphertexts per row */
  readonly w: number;
  readonly stages: readonly ChainStageJson[];
}

/** A stage's folder and the paths of its files (inputs: the previous stage's outputs). */
export function stageFiles(chainDir: string, j: number): { dir: string; paths: ShufflePaths } {
  const dir = join(chainDir, stageDirName(j));
  const inputs =
    j === 0 ? join(chainDir, CHAIN_INPUTS_FILE) : join(chainDir, stageDirName(j - 1), 'outputs.bin');
  return { dir, paths: shufflePaths(dir, inputs) };
}

/** The path of a stage's proof head. */
export const stageHeadPath = (chainDir: string, j: number): string =>
  headPath(join(chainDir, stageDirName(j)));

/**
 * Writes a chain folder from values (the record's writer: moderate N, from the board's entries or
 * a simulation). A national-scale chain is written by the streamed prover straight into the
 * stage folders (spec/mixnet.md §7.5) and only `chain.json` is added.
 * @throws {RangeError} when the rows are empty or not all of one width
 */
export function writeMixChainFiles<E>(
  chainDir: string,
  G: Group<E>,
  contestId: string,
  inputs: readonly CiphertextRow<E>[],
  stages: readonly MixStage<E>[],
  meta: readonly ChainStageJson[],
): void {
  const w = inputs[0]?.length ?? 0;
  if (w === 0 || inputs.some((r) => r.length !== w)) throw new RangeError('inputs: rows of one width ≥ 1');
  mkdirSync(chainDir, { recursive: true });
  appendRows(G, join(chainDir, CHAIN_INPUTS_FILE), inputs, false);
  stages.forEach((st, j) => {
    const { dir, paths } = stageFiles(chainDir, j);
    mkdirSync(dir, { recursive: true });
    writeProofFiles(G, paths, dir, st.outputs, st.proof);
  });
  writeChainHead(chainDir, contestId, inputs.length, w, meta);
}

/**
 * Writes `chain.json` of a chain whose files are in place — a national-scale chain: `inputs.bin`
 * appended chunk by chunk, each stage proved by `shuffleAndProveStream` into `stage-<j>/`
 * ({@link stageFiles} gives its paths).
 */
export function writeChainHead(
  chainDir: string,
  contestId: string,
  N: number,
  w: number,
  meta: readonly ChainStageJson[],
): void {
  const head: MixChainHeadJson = {
    format: 'evident-ranked/mix-chain',
    version: MIX_CHAIN_VERSION,
    contestId,
    N,
    w,
    stages: meta,
  };
  writeFileSync(join(chainDir, CHAIN_HEAD_FILE), JSON.stringify(head) + '\n');
}
