/**
 * Check L3.I of a record exported from a server (spec/bulletin-board.md §6): each ranked
 * contest's files are the board's entries — the chain folder `mix-chain/` holds the contest's
 * `mix-stage` entries, one stage per entry, in log order, numbered 0, 1, … (each stage's JSON
 * form hashed over its files, @evident/record stageEntryDigest); `decryptions.json` its
 * `ranked-decryption` entry (of version 2: by the file's SHA-256, ./decryptions-file-match.ts);
 * `count.json` its `ranked-count` entry — and the `mix-inputs` entry
 * lists the counted ballots. Steps C, D, K prove the files consistent with each other; only
 * this check ties them to what the guardians uploaded and the board published, so a server
 * cannot export another mix, decryption or round table than the one on its log.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { countRankedContest, type RankedContest } from '@evident/e2e-crypto';
import {
  CHAIN_INPUTS_FILE,
  type ChainStageJson,
  COUNT_FILE,
  DECRYPTIONS_FILE,
  LOG_FILE,
  MIX_CHAIN_DIR,
  MIX_CHAIN_FILE,
  RANKED_DIR,
  stageEntryDigest,
} from '@evident/record';
import { checkDigestDecryption } from './decryptions-file-match.js';
import { checkDigestStage } from './stage-files-match.js';
import type { BoardPart } from '../log/board-parts.js';
import { digestOf, hexDigestOf, type Collector, type Json } from '../log/log-summary.js';

const line = (p: BoardPart) => `${LOG_FILE}:${p.index + 1}`;

/** The digest of a record value as the board side computes it; a value no entry can hold (a
 * fraction, say) has none and differs from every entry. */
function recordDigest(v: unknown, hex = true): string {
  try {
    return hex ? hexDigestOf(v) : digestOf(v);
  } catch {
    return 'not canonical JSON';
  }
}

/** A record file's object without its header (format, version, contestId), or undefined. */
function body(dir: string, file: string): Json | undefined {
  try {
    const v = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const { format: _f, version: _v, contestId: _c, ...rest } = v as Json;
    return rest;
  } catch {
    return undefined; // missing: L3.J; unreadable: steps C, D, K
  }
}

/**
 * L3.I for every ranked contest of the manifest.
 * @param contests - the setup entry's ranked contests, in order
 * @param parts - the board's announcing entries, in log order
 * @param counted - log indices of the counted ballots, in log order
 */
export function checkRankedBoard(
  dir: string,
  l3: Collector,
  contests: readonly RankedContest[],
  parts: readonly BoardPart[],
  counted: readonly number[],
): void {
  const ids = new Set(contests.map((c) => c.id));
  for (const p of parts)
    if (p.contestId !== undefined && !ids.has(p.contestId))
      l3.fail('L3.I', line(p), `"${p.contestId}" is not a ranked contest of the manifest`);
  for (const c of contests) {
    const mine = parts.filter((p) => p.contestId === c.id);
    const of = (t: BoardPart['type']) => mine.filter((p) => p.type === t);
    const inputs = of('mix-inputs');
    for (const p of inputs.slice(1)) l3.fail('L3.I', line(p), `a second mix-inputs entry for "${c.id}"`);
    if (inputs[0] && inputs[0].ballots!.join() !== counted.join())
      l3.fail('L3.I', `${line(inputs[0])} ballots`, 'are not the counted ballots of the board, in log order');
    const at = (f: string) => `${RANKED_DIR}/${c.id}/${f}`;
    if (inputs[0]?.ballots!.length === 0) {
      checkEmptyCount(l3, c, of('ranked-count'));
      continue;
    }
    const chain = body(dir, at(MIX_CHAIN_FILE));
    checkStages(l3, join(dir, at(MIX_CHAIN_DIR)), at(MIX_CHAIN_FILE), chain, of('mix-stage'));
    checkDecryptions(dir, l3, at(DECRYPTIONS_FILE), at(MIX_CHAIN_FILE), chain, of('ranked-decryption'));
    const count = body(dir, at(COUNT_FILE));
    const extra = Object.keys(count ?? {}).filter((k) => k !== 'result');
    if (extra.length > 0) l3.fail('L3.I', `${at(COUNT_FILE)} ${extra[0]}`, 'is not a field of a count');
    checkOne(l3, at(COUNT_FILE), count && recordDigest(count.result ?? null, false), of('ranked-count'));
  }
}

/** `chain.json` stages[j] with the files of `stage-<j>/` = the j-th mix-stage entry, numbered j. */
function checkStages(
  l3: Collector,
  chainDir: string,
  file: string,
  chain: Json | undefined,
  entries: BoardPart[],
): void {
  entries.forEach((p, j) => {
    if (p.stage !== j)
      l3.fail('L3.I', `${line(p)} stage`, `is ${p.stage}, the contest's stage ${j} on the board`);
  });
  if (!chain) return;
  const stages = Array.isArray(chain.stages) ? (chain.stages as ChainStageJson[]) : [];
  l3.item();
  if (stages.length !== entries.length)
    l3.fail(
      'L3.I',
      `${file} stages`,
      `has ${stages.length} stages, the board ${entries.length} mix-stage entries`,
    );
  const L = elementLength(chainDir, chain);
  stages.forEach((st, j) => {
    const p = entries[j];
    if (p?.stageEntry) checkDigestStage(l3, chainDir, file, chain, j, st, p.stageEntry, line(p));
    else if (p && stageDigest(chainDir, j, L, chain.w, st) !== p.digest)
      l3.fail('L3.I', `${file} stages[${j}]`, `differs from the mix-stage entry at ${line(p)}`);
  });
  const extra = Object.keys(chain).filter((k) => !['N', 'w', 'stages'].includes(k));
  if (extra.length > 0) l3.fail('L3.I', `${file} ${extra[0]}`, 'is not a field of a mix chain');
}

/** The element length the chain's inputs file implies (C1 checks it against the group). */
function elementLength(chainDir: string, chain: Json): number {
  const { N, w } = chain;
  try {
    const size = statSync(join(chainDir, CHAIN_INPUTS_FILE)).size;
    return typeof N === 'number' && typeof w === 'number' && N > 0 && w > 0 ? size / (2 * N * w) : 0;
  } catch {
    return 0;
  }
}

/** A stage's entry digest over its files; a stage whose files cannot be read has none. */
function stageDigest(chainDir: string, j: number, L: number, w: unknown, st: ChainStageJson): string {
  if (!Number.isInteger(L) || L <= 0 || typeof w !== 'number') return 'unreadable';
  try {
    return stageEntryDigest(chainDir, j, L, w, st);
  } catch {
    return 'unreadable'; // the files: step C names them
  }
}

/**
 * `decryptions.json` bound to its one `ranked-decryption` entry: by the file's digest and the
 * chain's N, w for an entry of version 2 (./decryptions-file-match.ts), by content for one of
 * version 1 (the rows and plaintexts in the entry, records exported before).
 */
function checkDecryptions(
  dir: string,
  l3: Collector,
  file: string,
  chainFile: string,
  chain: Json | undefined,
  entries: BoardPart[],
): void {
  const first = entries[0];
  if (first?.decryptionEntry) {
    secondEntries(l3, file, entries);
    if (existsSync(join(dir, file)))
      checkDigestDecryption(dir, l3, file, chainFile, chain, {
        ...first,
        decryptionEntry: first.decryptionEntry,
      });
    return; // missing: L3.J
  }
  // without an entry the file is not read: any content differs
  const dec = first ? body(dir, file) : existsSync(join(dir, file)) ? {} : undefined;
  checkOne(l3, file, dec && recordDigest(dec), entries);
}

/** A file has one entry: the others are findings. */
function secondEntries(l3: Collector, file: string, entries: BoardPart[]): void {
  for (const p of entries.slice(1)) l3.fail('L3.I', line(p), `a second ${p.type} entry for ${file}`);
}

/** A file bound to exactly one entry: the same content. */
function checkOne(l3: Collector, file: string, digest: string | undefined, entries: BoardPart[]): void {
  secondEntries(l3, file, entries);
  if (digest === undefined) return; // missing: L3.J
  l3.item();
  const p = entries[0];
  if (!p) l3.fail('L3.I', file, 'the board has no entry for it');
  else if (p.digest !== digest) l3.fail('L3.I', file, `differs from the ${p.type} entry at ${line(p)}`);
}

/** A contest nobody voted in: its one ranked-count entry is the empty count. */
function checkEmptyCount(l3: Collector, c: RankedContest, entries: BoardPart[]): void {
  let empty: string;
  try {
    empty = digestOf(JSON.parse(JSON.stringify(countRankedContest(c, []))));
  } catch {
    return; // a contest no count accepts: step 1 reports the manifest
  }
  for (const p of entries) {
    l3.item();
    if (p.digest !== empty)
      l3.fail('L3.I', `${line(p)} result`, 'is not the empty count (no ballot was mixed)');
  }
}
