/**
 * The ranked-choice part of the election record (spec/mixnet.md §8, spec/record.md §1.1):
 * `RECORD/ranked/<contest-id>/{inputs.json, mix-chain/, decryptions.json, count.json}` — file
 * names, JSON shapes (schemas `spec/schemas/record/ranked-*.schema.json`) and the one reader,
 * which turns any failure into a value naming file and field. The mix chain is a folder of
 * streamed files (./mix-chain-files.ts); its header `mix-chain/chain.json` is read here. Written by ./write-ranked.ts (the server's export
 * and the simulations), read by the verifier.
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
import { type SchemaName, schemaProblem } from '../schemas.js';
import {
  CHAIN_HEAD_FILE,
  MIX_CHAIN_DIR,
  MIX_CHAIN_VERSION,
  type MixChainHeadJson,
} from './mix-chain-files.js';

/** The folder of ranked contests inside a record. */
export const RANKED_DIR = 'ranked';
export const INPUTS_FILE = 'inputs.json';
/** the mix chain's header (its data: the other files of the folder, ./mix-chain-files.ts) */
export const MIX_CHAIN_FILE = `${MIX_CHAIN_DIR}/${CHAIN_HEAD_FILE}` as const;
export const DECRYPTIONS_FILE = 'decryptions.json';
export const COUNT_FILE = 'count.json';
/** The version of the layout of the ranked files but the chain's header ({@link MIX_CHAIN_VERSION}). */
export const RANKED_FILE_VERSION = 1;
const versionOf = (name: RankedFileName): number =>
  name === MIX_CHAIN_FILE ? MIX_CHAIN_VERSION : RANKED_FILE_VERSION;

/** The `format` of each ranked file. */
export const RANKED_FORMATS = {
  [INPUTS_FILE]: 'evident-ranked/inputs',
  [MIX_CHAIN_FILE]: 'evident-ranked/mix-chain',
  [DECRYPTIONS_FILE]: 'evident-ranked/decryptions',
  [COUNT_FILE]: 'evident-ranked/count',
} as const;
/** One of the four file names. */
export type RankedFileName = keyof typeof RANKED_FORMATS;

const SCHEMAS: Record<RankedFileName, SchemaName> = {
  [INPUTS_FILE]: 'ranked-inputs',
  [MIX_CHAIN_FILE]: 'ranked-mix-chain',
  [DECRYPTIONS_FILE]: 'ranked-decryptions',
  [COUNT_FILE]: 'ranked-count',
};

/** A contest id usable as a folder name: letters, digits, `.`, `_`, `-`, not `.` or `..`. */
export function isSafeContestId(id: string): boolean {
  return /^[A-Za-z0-9._-]{1,128}$/.test(id) && id !== '.' && id !== '..';
}

/** A ranked file's path inside the record, e.g. `ranked/mayor/count.json`. */
export function rankedFile(contestId: string, name: RankedFileName): string {
  return `${RANKED_DIR}/${contestId}/${name}`;
}

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

/** One stage in its JSON form (spec/mixnet.md §1.2, §4.4): a board entry, a trustee's file. */
export interface MixStageJson {
  readonly mixer: string;
  /** the mixing guardian's index i (1..n), check C4 */
  readonly guardian?: number;
  readonly outputs: CiphertextJson[][];
  readonly proof: ShuffleProofJson;
  /** the mixing guardian's signature (spec/key-ceremony.md §13), check C4 */
  readonly signature?: string;
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

/** The JSON of each file. */
export interface RankedFiles {
  readonly [INPUTS_FILE]: InputsJson;
  readonly [MIX_CHAIN_FILE]: MixChainHeadJson;
  readonly [DECRYPTIONS_FILE]: DecryptionsJson;
  readonly [COUNT_FILE]: CountJson;
}

/** A file that could not be read or parsed, or whose header or shape is wrong. */
export interface FileProblem {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Reads one ranked file of a contest and checks its `format`, `version`, `contestId` (the
 * folder's name; `inputs.json` names it in `contest.id`) and its schema.
 * @param parsed - called with the file's value when it is JSON, whatever its header and shape (a
 *   caller that compares it with something else, e.g. a verifier's L3.G, parses it only once)
 * @returns the object, or the problem naming the file (`ranked/<id>/<name>`) and field; never throws
 */
export async function readRankedFile<N extends RankedFileName>(
  recordDir: string,
  contestId: string,
  name: N,
  parsed?: (value: unknown) => void,
): Promise<{ ok: true; value: RankedFiles[N] } | { ok: false; problem: FileProblem }> {
  const file = rankedFile(contestId, name);
  const bad = (field: string, message: string) => ({ ok: false as const, problem: { file, field, message } });
  let text: string;
  try {
    text = await readFile(join(recordDir, file), 'utf8');
  } catch {
    return bad('', 'file is missing or unreadable');
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return bad('', 'not valid JSON');
  }
  parsed?.(v);
  const p = rankedValueProblem(contestId, name, v);
  return p ? { ok: false, problem: p } : { ok: true, value: v as RankedFiles[N] };
}

/**
 * The checks of {@link readRankedFile} on a parsed value: a JSON object, its `format`,
 * `version`, `contestId` and schema. A file read in parts (a large `inputs.json` or
 * `decryptions.json`, ../json-array-spans.ts) is checked as its head with some of its array
 * elements: the fields then name the elements' index within those given.
 */
export function rankedValueProblem(
  contestId: string,
  name: RankedFileName,
  v: unknown,
): FileProblem | undefined {
  const file = rankedFile(contestId, name);
  const bad = (field: string, message: string) => ({ file, field, message });
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('', 'expected a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== RANKED_FORMATS[name]) return bad('format', `expected "${RANKED_FORMATS[name]}"`);
  if (o.version !== versionOf(name)) return bad('version', `expected ${versionOf(name)}`);
  if (name !== INPUTS_FILE && o.contestId !== contestId) return bad('contestId', `expected "${contestId}"`);
  const p = schemaProblem(SCHEMAS[name], v);
  return p ? bad(p.where, p.message) : undefined;
}
