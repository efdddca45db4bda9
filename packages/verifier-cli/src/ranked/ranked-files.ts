/**
 * The on-disk form of a ranked-choice contest's post-election data (spec/mixnet.md §8):
 * `RECORD/ranked/<contest-id>/{inputs.json, mix-chain.json, decryptions.json, count.json}`.
 * File names, JSON shapes and a reader that turns any failure into a value naming file and field.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  CiphertextJson,
  CountResult,
  RankedBallotJson,
  RankedContest,
  RankedPlaintext,
  RowDecryptionJson,
  ShuffleProofJson,
} from '@evident/e2e-crypto';

/** The folder of ranked contests inside a record. */
export const RANKED_DIR = 'ranked';
export const INPUTS_FILE = 'inputs.json';
export const MIX_CHAIN_FILE = 'mix-chain.json';
export const DECRYPTIONS_FILE = 'decryptions.json';
export const COUNT_FILE = 'count.json';
/** The version of every ranked file's layout. */
export const RANKED_FILE_VERSION = 1;

/** `inputs.json`: the contest and the ballots whose rows enter the mix (§8.1). */
export interface InputsJson {
  readonly format: 'evident-ranked/inputs';
  readonly version: 1;
  /** the group profile name */
  readonly group: string;
  readonly contest: RankedContest;
  /** in bulletin-board order: row i of the first mix is ballots[i].row */
  readonly ballots: readonly (RankedBallotJson & { readonly id: string })[];
}

/** `mix-chain.json`: the stages in order (§8.2). */
export interface MixChainJson {
  readonly format: 'evident-ranked/mix-chain';
  readonly version: 1;
  readonly contestId: string;
  readonly stages: readonly {
    readonly mixer: string;
    /** the mixing guardian's index i (1..n), check C4 */
    readonly guardian?: number;
    readonly outputs: CiphertextJson[][];
    readonly proof: ShuffleProofJson;
    /** the mixing guardian's signature (spec/key-ceremony.md §13), check C4 */
    readonly signature?: string;
  }[];
}

/** `decryptions.json`: the last stage's outputs decrypted, and what they read as (§8.3). */
export interface DecryptionsJson {
  readonly format: 'evident-ranked/decryptions';
  readonly version: 1;
  readonly contestId: string;
  /** 'threshold': EG 2.0 joint proofs (spec/mixnet.md §6.2) */
  readonly method: 'threshold';
  /** per output row, per column: M = β/α^s and the proof */
  readonly rows: readonly (readonly RowDecryptionJson[])[];
  /** per output row: the rank values and write-in names read from `rows` */
  readonly plaintexts: readonly RankedPlaintext[];
}

/** `count.json`: the published round-by-round table (§8.4). */
export interface CountJson {
  readonly format: 'evident-ranked/count';
  readonly version: 1;
  readonly contestId: string;
  readonly result: CountResult;
}

/** A file that could not be read or parsed, or whose header is wrong. */
export interface FileProblem {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Reads and parses one JSON file and checks `format`, `version` and (when given) `contestId`.
 * @param rel - the file's path relative to the record, used in messages
 * @returns the object, or the problem (never throws)
 */
export async function readRankedFile<T>(
  recordDir: string,
  rel: string,
  format: string,
  contestId?: string,
): Promise<{ ok: true; value: T } | { ok: false; problem: FileProblem }> {
  const bad = (field: string, message: string) => ({
    ok: false as const,
    problem: { file: rel, field, message },
  });
  let text: string;
  try {
    text = await readFile(join(recordDir, rel), 'utf8');
  } catch {
    return bad('', 'file is missing or unreadable');
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return bad('', 'not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('', 'expected a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== format) return bad('format', `expected "${format}"`);
  if (o.version !== RANKED_FILE_VERSION) return bad('version', `expected ${RANKED_FILE_VERSION}`);
  if (contestId !== undefined && o.contestId !== contestId)
    return bad('contestId', `expected "${contestId}"`);
  return { ok: true, value: o as T };
}
