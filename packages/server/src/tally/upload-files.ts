/**
 * The guardians' uploads of the `ranked` request on the board (spec/mixnet.md §8.10,
 * spec/key-ceremony.md §13): a `partial-decryption` or `decryption-response` entry of version 2
 * holds the SHA-256 of the upload's signed content, the item count and the signature, and the
 * store keeps the content (canonical JSON of the file without `signature`, @evident/record
 * `uploadContent`) in chunks, as a mix stage's files (../ranked/stage-file-store.ts): written
 * before the entry's batch, adopted by it. Uploads of the other requests (a few values per
 * contest or challenged ballot) stay whole in their entry (version 1). The readers — the
 * challenge, the response check, the publication — get the file back from either.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isDigestUploadEntry,
  UPLOAD_ENTRY_VERSION,
  UPLOAD_MEMBER,
  uploadContent,
  uploadContentFile,
  uploadFromContent,
  usesDigestUploadEntry,
  type UploadEntryType,
} from '@evident/record';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { storeEntryFile, sweepStageFiles } from '../ranked/stage-file-store.js';

/** Chunks read from the store at a time. */
const CHUNKS_PER_READ = 8;

/** What an upload's entry holds besides kind, round, guardian and time; the chunks it adopts. */
export interface UploadFields {
  readonly fields: Record<string, unknown>;
  /** the upload id of the stored content (version 2), adopted by the entry's batch */
  readonly uploadId?: string;
}

/**
 * The entry's fields of an upload that passed its checks: the file itself (version 1), or for the
 * `ranked` request its content stored and named by digest (version 2).
 * @param kind - the request kind
 */
export async function uploadEntryFields(
  ctx: ServerContext,
  type: UploadEntryType,
  kind: string,
  file: Record<string, unknown>,
): Promise<UploadFields> {
  const member = UPLOAD_MEMBER[type];
  if (!usesDigestUploadEntry(kind)) return { fields: { [member]: file } };
  const { text, digest } = uploadContent(file);
  const list = file[member === 'partial' ? 'items' : 'responses'];
  await sweepStageFiles(ctx.store); // a crashed or refused upload's chunks (spec/mixnet.md §8.6)
  const dir = mkdtempSync(join(ctx.spoolDir, 'upload-'));
  try {
    const path = join(dir, uploadContentFile(type));
    writeFileSync(path, text);
    const uploadId = await storeEntryFile(ctx.store, path, uploadContentFile(type));
    return {
      uploadId,
      fields: {
        version: UPLOAD_ENTRY_VERSION,
        items: Array.isArray(list) ? list.length : 0,
        contentDigest: digest,
        signature: file.signature,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The upload file of the entry at `logIndex`: its member (version 1) or its stored content with
 * the entry's signature (version 2).
 * @throws {ApiError} EVD_ERR_INTERNAL when the store holds no content for a version-2 entry
 */
export async function uploadAt(
  ctx: ServerContext,
  electionId: string,
  logIndex: number,
): Promise<Record<string, unknown>> {
  const e = await boardEntry(ctx, electionId, logIndex);
  const type = e.type as UploadEntryType;
  if (!isDigestUploadEntry(e)) return e[UPLOAD_MEMBER[type]] as Record<string, unknown>;
  const name = uploadContentFile(type);
  const parts: Uint8Array[] = [];
  for (let seq = 0; ;) {
    const chunks = await ctx.store.stageFileChunks(electionId, logIndex, name, seq, CHUNKS_PER_READ);
    if (seq === 0 && chunks.length === 0)
      throw new ApiError('EVD_ERR_INTERNAL', `the store holds no ${name} of board entry ${logIndex}`);
    parts.push(...chunks);
    seq += chunks.length;
    if (chunks.length < CHUNKS_PER_READ) break;
  }
  return uploadFromContent(Buffer.concat(parts).toString('utf8'), e.signature);
}
