/**
 * The parts of a record that the bulletin board announces (spec/bulletin-board.md §6, L3.J):
 * an `encrypted-tally`, `tally-decryption` or `challenged-decryption` entry, and per ranked
 * contest its `mix-inputs`, `mix-stage`, `ranked-decryption` and `ranked-count` entries, each
 * has a file of the record that must be there. What the L1 pass keeps of them — the log line,
 * the contest, a digest of what the record file must hold — and the check that the files exist
 * (L3.J). The contents are compared by L3.F (record-match.ts) and L3.I (../ranked/ranked-board-match.ts).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHALLENGED_FILE,
  ENCRYPTED_TALLY_FILE,
  LOG_FILE,
  TALLY_FILE,
  isSafeContestId,
  COUNT_FILE,
  DECRYPTIONS_FILE,
  INPUTS_FILE,
  MIX_CHAIN_FILE,
  RANKED_DIR,
} from '@evident/record';
import { hasLowerHex, isDigestDecryptionEntry, isDigestStageEntry, upperHex } from '@evident/record';
import { createHash } from 'node:crypto';
import { type CanonicalParts, objectText, partText } from './canonical-parts.js';
import { digestOf, type Collector, type Json } from './log-summary.js';

/**
 * `digestOf(upperHex(o))`, hashed from the entry's kept canonical texts (./canonical-parts.ts)
 * when no hex member is in lower case: a mix stage's outputs are not serialized again.
 */
function upperHexDigest(o: Json, parts: CanonicalParts): string {
  if (hasLowerHex(o)) return digestOf(upperHex(o));
  return createHash('sha256').update(objectText(o, parts)).digest('hex');
}

/** The entry types that announce a file of the record. */
export const ANNOUNCING_TYPES = [
  'encrypted-tally',
  'tally-decryption',
  'challenged-decryption',
  'mix-inputs',
  'mix-stage',
  'ranked-decryption',
  'ranked-count',
] as const;
export type AnnouncingType = (typeof ANNOUNCING_TYPES)[number];

/** An entry announcing a part of the record. */
export interface BoardPart {
  readonly type: AnnouncingType;
  /** the log index (line = index + 1) */
  readonly index: number;
  /** ranked entries: the contest */
  readonly contestId?: string;
  /** `mix-stage`: its stage number j */
  readonly stage?: number;
  /** `mix-inputs`: the log indices of the ballots entering the mix */
  readonly ballots?: readonly number[];
  /**
   * `mix-stage` of version 2 (spec/mixnet.md §8.6): what the entry says of the stage — the
   * members `chain.json` repeats, the digests of the stage's files and its proof head
   */
  readonly stageEntry?: DigestStageEntry;
  /**
   * `ranked-decryption` of version 2 (spec/mixnet.md §8.9): what the entry says of
   * `decryptions.json` — its SHA-256, N, w and method
   */
  readonly decryptionEntry?: DigestDecryptionPart;
  /**
   * ranked entries but those of version 2: the digest of what the record must hold — a `mix-chain/` stage (hashed over its files)
   * `{mixer, guardian, outputs, proof, signature}`, `decryptions.json` `{method, rows, plaintexts}`,
   * `count.json` `result` (hex in upper case; see upperHex in @evident/record)
   */
  readonly digest?: string;
}

/** What a `mix-stage` entry of version 2 says of its stage (L3.I binds the record's chain to it). */
export interface DigestStageEntry {
  readonly mixer: unknown;
  readonly guardian: unknown;
  readonly signature: unknown;
  readonly N: unknown;
  readonly w: unknown;
  /** `files`: SHA-256 of each file of the stage, by member name */
  readonly files: unknown;
  /** the proof's small members */
  readonly head: unknown;
}

/** What a `ranked-decryption` entry of version 2 says of `decryptions.json` (L3.I binds the file to it). */
export interface DigestDecryptionPart {
  readonly method: unknown;
  /** N */
  readonly rows: unknown;
  readonly w: unknown;
  /** the file's SHA-256 */
  readonly digest: unknown;
}

/**
 * The part an entry announces, or undefined for other entries.
 * @param parts - the canonical texts L1.B kept of the entry's parts (none: serialized here)
 * @throws {TypeError} on an entry whose fields are not what its type needs (the caller reports it)
 */
export function boardPartOf(
  e: Json,
  index: number,
  parts: CanonicalParts = new Map(),
): BoardPart | undefined {
  const type = e.type as AnnouncingType;
  if (!ANNOUNCING_TYPES.includes(type)) return undefined;
  if (!type.startsWith('mix-') && !type.startsWith('ranked-')) return { type, index };
  const contestId = e.contestId;
  if (typeof contestId !== 'string') throw new TypeError(`${type}: contestId is not a string`);
  switch (type) {
    case 'mix-inputs': {
      const ballots = e.ballots;
      if (!Array.isArray(ballots) || !ballots.every((i) => Number.isInteger(i)))
        throw new TypeError('mix-inputs: ballots is not a list of log indices');
      return { type, index, contestId, ballots: ballots as number[] };
    }
    case 'mix-stage': {
      const g = (e.guardian ?? {}) as Json;
      if (isDigestStageEntry(e)) {
        const { N, w, files, head, signature } = e;
        const stageEntry = { mixer: g.id, guardian: g.x, signature, N, w, files, head };
        return { type, index, contestId, stage: Number(e.stage), stageEntry };
      }
      const stage = {
        mixer: g.id,
        guardian: g.x,
        outputs: e.outputs,
        proof: e.proof,
        ...(e.signature !== undefined ? { signature: e.signature } : {}),
      };
      return { type, index, contestId, stage: Number(e.stage), digest: upperHexDigest(stage, parts) };
    }
    case 'ranked-decryption': {
      if (isDigestDecryptionEntry(e)) {
        const { method, rows, w, digest } = e;
        return { type, index, contestId, decryptionEntry: { method, rows, w, digest } };
      }
      const d = { method: e.method, rows: e.rows, plaintexts: e.plaintexts };
      return { type, index, contestId, digest: upperHexDigest(d, parts) };
    }
    default: {
      const text = partText(e.result ?? null, parts);
      return { type, index, contestId, digest: createHash('sha256').update(text).digest('hex') };
    }
  }
}

/**
 * The record file a part must be in.
 * @returns its path relative to the record
 */
export function partFile(p: BoardPart): string {
  const ranked = (f: string) => `${RANKED_DIR}/${p.contestId}/${f}`;
  switch (p.type) {
    case 'encrypted-tally':
      return ENCRYPTED_TALLY_FILE;
    case 'tally-decryption':
      return TALLY_FILE;
    case 'challenged-decryption':
      return CHALLENGED_FILE;
    case 'mix-inputs':
      return ranked(INPUTS_FILE);
    case 'mix-stage':
      return ranked(MIX_CHAIN_FILE);
    case 'ranked-decryption':
      return ranked(DECRYPTIONS_FILE);
    case 'ranked-count':
      return ranked(COUNT_FILE);
  }
}

/**
 * L3.J: every file the board announces is in the record — reported once per file, at the first
 * log line announcing it. A contest whose `mix-inputs` lists no ballot was not mixed: it has no
 * folder, and its `ranked-count` (the empty count) is checked by L3.I instead.
 */
export function checkPartsPresent(dir: string, l3: Collector, parts: readonly BoardPart[]): void {
  const unmixed = new Set(
    parts.filter((p) => p.type === 'mix-inputs' && p.ballots?.length === 0).map((p) => p.contestId),
  );
  const reported = new Set<string>();
  for (const p of parts) {
    if (p.contestId !== undefined && !isSafeContestId(p.contestId)) continue; // L3.I reports it
    if (p.contestId !== undefined && unmixed.has(p.contestId) && p.type !== 'mix-stage') continue;
    const file = partFile(p);
    if (reported.has(file)) continue;
    reported.add(file);
    l3.item();
    if (!existsSync(join(dir, file)))
      l3.fail('L3.J', file, `missing: announced by the ${p.type} entry at ${LOG_FILE}:${p.index + 1}`);
  }
}
