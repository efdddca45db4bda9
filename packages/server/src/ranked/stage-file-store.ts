/**
 * The files of accepted mix stages in the store (spec/mixnet.md §8.6, spec/server-api.md §7.5):
 * the `mix-stage` board entry carries the SHA-256 of each file of its stage, the store keeps the
 * files — chunks of 1 MiB in the `stage_files` table, in both stores. An upload's chunks are
 * written under a fresh upload id before its entry, a few chunks per commit (memory O(chunk),
 * whatever N), and adopted by the entry's own write batch (`adopt-stage-files`): a refused upload
 * adopts nothing, a crash between the files and the entry leaves chunks no entry names, and
 * {@link sweepStageFiles} (run by each upload and at each start of a server) removes those. Readers (the mix file, the next stage's inputs, the
 * export) copy a stage's files back to a folder of the spool, chunk by chunk; the `ranked`
 * decryption request reads the last stages' outputs chunk by chunk (./ranked-request.ts). The
 * same table keeps the publication's `decryptions.json` of each ranked contest, adopted by its
 * `ranked-decryption` entry of version 2 (spec/mixnet.md §8.9): chunks are named by the entry's
 * log index and the file's name, whatever the entry.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { STAGE_DIGEST_FILES, stageFileName } from '@evident/record';
import { ApiError } from '../errors.js';
import type { Mutation, Store } from '../store/store.js';

/** Bytes per stored chunk. */
export const STAGE_CHUNK_BYTES = 1 << 20;
/** Chunks per commit while an upload's files are written. */
const CHUNKS_PER_COMMIT = 8;
/** Age (ms) after which an unadopted chunk is swept: no upload takes that long. */
export const STAGE_ORPHAN_MS = 24 * 3600 * 1000;

/** What a `mix-stage` entry of version 2 says that a stage folder needs besides its files. */
export interface StoredStageEntry {
  readonly N: number;
  readonly w: number;
  readonly head: Readonly<Record<string, unknown>>;
}

/**
 * Writes the files of the stage folder `dir` to the store under a new upload id, which the
 * entry's batch adopts ({@link adoptStageFiles}).
 * @returns the upload id
 */
export async function storeStageFiles(store: Store, dir: string): Promise<string> {
  return storeFiles(
    store,
    STAGE_DIGEST_FILES.map((f) => ({ name: stageFileName(f), path: join(dir, stageFileName(f)) })),
  );
}

/**
 * Writes one file of an entry that names it by digest (the publication's `decryptions.json`,
 * spec/mixnet.md §8.9) to the store under a new upload id, as {@link storeStageFiles}.
 * @param name - the file's name in the store (what {@link copyStageFile} asks for)
 * @returns the upload id
 */
export async function storeEntryFile(store: Store, path: string, name: string): Promise<string> {
  return storeFiles(store, [{ name, path }]);
}

/** Writes `files` as chunks under a new upload id, a few chunks per commit. */
async function storeFiles(store: Store, files: readonly { name: string; path: string }[]): Promise<string> {
  const uploadId = randomBytes(16).toString('hex');
  const createdAt = Date.now();
  let pending: Mutation[] = [];
  const flush = async () => {
    if (pending.length > 0) await store.commit(pending);
    pending = [];
  };
  for (const { name: file, path } of files) {
    const fd = openSync(path, 'r');
    try {
      for (let seq = 0, pos = 0; ; seq++) {
        const buf = Buffer.alloc(STAGE_CHUNK_BYTES);
        let got = 0;
        while (got < buf.length) {
          const n = readSync(fd, buf, got, buf.length - got, pos + got);
          if (n === 0) break;
          got += n;
        }
        // an empty file is one empty chunk, so that every file of an adopted entry has a row
        if (got > 0 || seq === 0)
          pending.push({
            kind: 'stage-file-chunk',
            row: { uploadId, file, seq, bytes: buf.subarray(0, got), createdAt },
          });
        if (pending.length >= CHUNKS_PER_COMMIT) await flush();
        if (got < buf.length) break;
        pos += got;
      }
    } finally {
      closeSync(fd);
    }
  }
  await flush();
  return uploadId;
}

/** The mutation that gives an upload's chunks to the entry at `logIndex` (in the entry's batch). */
export const adoptStageFiles = (uploadId: string, electionId: string, logIndex: number): Mutation => ({
  kind: 'adopt-stage-files',
  uploadId,
  electionId,
  logIndex,
});

/** Removes the chunks no entry adopted that are older than `olderThanMs` (a crashed or refused upload's). */
export async function sweepStageFiles(store: Store, olderThanMs = STAGE_ORPHAN_MS): Promise<void> {
  await store.commit([{ kind: 'sweep-stage-files', before: Date.now() - olderThanMs }]);
}

/**
 * Copies one file of the entry at `logIndex` (a stage's, or a `decryptions.json`) from the store
 * to `path`, a few chunks at a time.
 * @throws {ApiError} EVD_ERR_INTERNAL when the store holds none of it
 */
export async function copyStageFile(
  store: Store,
  electionId: string,
  logIndex: number,
  file: string,
  path: string,
): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    for (let seq = 0; ;) {
      const chunks = await store.stageFileChunks(electionId, logIndex, file, seq, CHUNKS_PER_COMMIT);
      if (seq === 0 && chunks.length === 0)
        throw new ApiError('EVD_ERR_INTERNAL', `the store holds no ${file} of board entry ${logIndex}`);
      for (const c of chunks) writeSync(fd, c);
      seq += chunks.length;
      if (chunks.length < CHUNKS_PER_COMMIT) return;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the stage of the entry at `logIndex` as the files of spec/mixnet.md §7.5 into `dir`
 * (an existing folder): its six files from the store, `proof-head.json` from the entry.
 */
export async function copyStage(
  store: Store,
  electionId: string,
  logIndex: number,
  entry: StoredStageEntry,
  dir: string,
): Promise<void> {
  for (const f of STAGE_DIGEST_FILES)
    await copyStageFile(store, electionId, logIndex, stageFileName(f), join(dir, stageFileName(f)));
  writeFileSync(join(dir, 'proof-head.json'), JSON.stringify({ N: entry.N, w: entry.w, ...entry.head }));
}
