/**
 * L3.I for a `mix-stage` entry of version 2 (spec/mixnet.md §8.6, spec/bulletin-board.md §6):
 * the entry carries the SHA-256 of each file of its stage and the proof head, not the stage, so
 * stage j of the record's chain is bound to it file by file — `chain.json` `stages[j]` (mixer,
 * guardian, signature) and `N`, `w` are the entry's, `stage-<j>/proof-head.json` holds the
 * entry's `head`, and each of `outputs.bin`, `c.bin`, `cHat.bin`, `tHat.bin`, `sHat.bin`,
 * `sPrime.bin` hashes to the entry's `files` member. A server that swaps a stage's files after
 * accepting it (its proof re-made, say) is named here, file by file. Memory O(1 MiB).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ChainStageJson,
  fileSha256,
  STAGE_DIGEST_FILES,
  STAGE_HEAD_MEMBERS,
  stageDirName,
  stageFileName,
  upperCaseStrings,
} from '@evident/record';
import { canonicalJsonString } from '@evident/e2e-crypto';
import type { DigestStageEntry } from '../log/board-parts.js';
import type { Collector, Json } from '../log/log-summary.js';

/** Canonical JSON of a value, or a marker no canonical JSON equals. */
function canon(v: unknown): string {
  try {
    return canonicalJsonString(v === undefined ? null : v);
  } catch {
    return '\u0000not canonical JSON';
  }
}

/** The digest of a record file, or why it has none (a missing file: step C names it). */
function digestOf(path: string): string {
  try {
    return fileSha256(path);
  } catch {
    return 'unreadable';
  }
}

/** The members of `proof-head.json` an entry carries, hex in upper case; undefined if unreadable. */
function headOf(path: string): unknown {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Json;
    return upperCaseStrings(Object.fromEntries(STAGE_HEAD_MEMBERS.map((k) => [k, h[k]])));
  } catch {
    return undefined;
  }
}

/**
 * Stage j of the chain in `chainDir` against its version-2 entry.
 * @param file - how findings name `chain.json` (`ranked/<id>/mix-chain/chain.json`)
 * @param at - the entry's log line (`board/log.jsonl:<line>`)
 */
export function checkDigestStage(
  l3: Collector,
  chainDir: string,
  file: string,
  chain: Json,
  j: number,
  st: ChainStageJson,
  entry: DigestStageEntry,
  at: string,
): void {
  // the signature's hex compared in upper case, as every hex member of L3.I
  const said = { mixer: st.mixer, guardian: st.guardian, signature: upperCaseStrings(st.signature) };
  const board = {
    mixer: entry.mixer,
    guardian: entry.guardian,
    signature: upperCaseStrings(entry.signature),
  };
  if (canon(said) !== canon(board))
    l3.fail('L3.I', `${file} stages[${j}]`, `differs from the mix-stage entry at ${at}`);
  for (const k of ['N', 'w'] as const)
    if (chain[k] !== entry[k])
      l3.fail('L3.I', `${file} ${k}`, `is not the ${k} of the mix-stage entry at ${at}`);
  const folder = `${file.slice(0, file.lastIndexOf('/'))}/${stageDirName(j)}`;
  const dir = join(chainDir, stageDirName(j));
  if (canon(headOf(join(dir, 'proof-head.json'))) !== canon(entry.head))
    l3.fail('L3.I', `${folder}/proof-head.json`, `is not the proof head of the mix-stage entry at ${at}`);
  const files = (entry.files ?? {}) as Json;
  for (const f of STAGE_DIGEST_FILES) {
    l3.item();
    const name = stageFileName(f);
    if (digestOf(join(dir, name)) !== files[f])
      l3.fail(
        'L3.I',
        `${folder}/${name}`,
        `its SHA-256 is not files.${f} of the mix-stage entry at ${at}: not the file the server accepted`,
      );
  }
}
