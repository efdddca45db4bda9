/**
 * The `mix-stage` board entry of version 2 (spec/mixnet.md §8.6, spec/bulletin-board.md §2):
 * `{contestId, stage, guardian, N, w, files, head, signature, time}` — the SHA-256 of each file
 * of the stage (spec/mixnet.md §7.5: `outputs.bin`, `c.bin`, `cHat.bin`, `tHat.bin`, `sHat.bin`,
 * `sPrime.bin`), the proof's small members `head`, never the stage itself. The one definition of
 * those members: the server writes the entry from the stage's files, the verifier binds a
 * record's `mix-chain/stage-<j>/` files to it (L3.I). Node only.
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { upperCaseStrings } from './stage-digest.js';

/** The files of a stage an entry carries the digests of, by member name (`<name>.bin`). */
export const STAGE_DIGEST_FILES = ['outputs', 'c', 'cHat', 'tHat', 'sHat', 'sPrime'] as const;
export type StageDigestFile = (typeof STAGE_DIGEST_FILES)[number];
/** The members of the proof head an entry carries (spec/mixnet.md §4.4), hex in upper case. */
export const STAGE_HEAD_MEMBERS = ['t1', 't2', 't3', 't4', 's1', 's2', 's3', 's4'] as const;

/** `files` of a `mix-stage` entry: the SHA-256 of each file, 64 upper-case hex digits. */
export type StageFileDigests = Readonly<Record<StageDigestFile, string>>;

/** The file of a digest member in a stage folder. */
export const stageFileName = (f: StageDigestFile): string => `${f}.bin`;

/**
 * SHA-256 of a file, read 1 MiB at a time, upper-case hex.
 * @throws {Error} when the file cannot be read
 */
export function fileSha256(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex').toUpperCase();
}

/**
 * The digests of the files of the stage folder `dir`.
 * @throws {Error} when a file is missing or unreadable
 */
export function stageFileDigests(dir: string): StageFileDigests {
  return Object.fromEntries(
    STAGE_DIGEST_FILES.map((f) => [f, fileSha256(join(dir, stageFileName(f)))]),
  ) as Record<StageDigestFile, string>;
}

/**
 * The proof head of the stage folder `dir` as an entry holds it: the members of
 * {@link STAGE_HEAD_MEMBERS} of `proof-head.json`, hex in upper case.
 * @throws {Error} when the file is missing or not JSON
 */
export function stageEntryHead(dir: string): Record<string, unknown> {
  const head = JSON.parse(readFileSync(join(dir, 'proof-head.json'), 'utf8')) as Record<string, unknown>;
  return upperCaseStrings(Object.fromEntries(STAGE_HEAD_MEMBERS.map((k) => [k, head[k]]))) as Record<
    string,
    unknown
  >;
}

/** Whether a `mix-stage` entry is of version 2 (digests) rather than the whole stage of version 1. */
export const isDigestStageEntry = (e: Readonly<Record<string, unknown>>): boolean =>
  e.files !== undefined || e.outputs === undefined;
