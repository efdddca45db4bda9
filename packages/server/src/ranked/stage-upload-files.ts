/**
 * A mix stage upload on files (spec/server-api.md §7.5): the body streamed to the spool folder
 * as it arrives (never held whole), read a value at a time into the files of spec/mixnet.md §7.5
 * in a work folder (@evident/record `readMixStageFile`), the rows entering the stage written
 * beside them from the board (the ballots a page at a time) or the store (the previous stage's
 * outputs, ./stage-file-store.ts). Every file of an upload is removed whatever its outcome.
 * @module
 */
import { closeSync, createWriteStream, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { forEachBallotPage } from './mix-ballot-pages.js';
import type { ContestSetup } from './mix-session.js';
import { boardEntry } from '../board/board-entry.js';
import { copyStageFile } from './stage-file-store.js';

/** The body of a stage upload: the file it was spooled to. */
export interface SpooledUpload {
  readonly file: string;
}

/**
 * Streams a request's body to a new file of `dir` (a content-type parser): at most the route's
 * body limit, and exactly its `Content-Length` when declared.
 * @throws {ApiError} 413 EVD_ERR_BODY_TOO_LARGE, 400 EVD_ERR_VALIDATION for a body cut short;
 *   the partial file is removed
 */
export async function spoolBody(
  dir: string,
  req: FastifyRequest,
  payload: NodeJS.ReadableStream,
): Promise<SpooledUpload> {
  const file = join(dir, `upload-${randomBytes(8).toString('hex')}.json`);
  const limit = req.routeOptions.bodyLimit ?? Infinity;
  const declared =
    req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  let seen = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit)
        done(new ApiError('EVD_ERR_BODY_TOO_LARGE', `an upload to this route is at most ${limit} bytes`));
      else done(null, chunk);
    },
  });
  try {
    // opened here, not by the stream: a removal after a failure then never races its open
    await pipeline(payload, count, createWriteStream('', { fd: openSync(file, 'w') }));
    if (declared !== undefined && seen !== declared)
      throw new ApiError(
        'EVD_ERR_VALIDATION',
        `the body has ${seen} bytes, its Content-Length says ${declared}`,
      );
  } catch (e) {
    removeSpooled(file);
    throw e;
  }
  return { file };
}

/** Removes a file or folder of the spool (gone already: nothing to do). */
export function removeSpooled(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** Buffered appends to a file. */
function appender(path: string): { add(b: Uint8Array): void; close(): void } {
  const fd = openSync(path, 'w');
  let parts: Uint8Array[] = [];
  let held = 0;
  const flush = () => {
    if (held > 0) writeSync(fd, Buffer.concat(parts, held));
    parts = [];
    held = 0;
  };
  return {
    add(b) {
      parts.push(b);
      held += b.length;
      if (held >= 1 << 20) flush();
    },
    close() {
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * Writes to `path` the rows entering stage `j` as the board has them (α ∥ β per ciphertext,
 * spec/mixnet.md §1.2): the counted ballots' rows (j = 0), else stage j − 1's outputs.
 * @returns how findings name them
 */
export async function writeStageInputs(
  ctx: ServerContext,
  s: ContestSetup,
  j: number,
  path: string,
): Promise<string> {
  const mix = s.state.contests[s.contest.id]!;
  if (j > 0) {
    await copyStageFile(ctx.store, s.e.id, mix.stages[j - 1]!.logIndex, 'outputs.bin', path);
    return `stages[${j - 1}].outputs`;
  }
  const out = appender(path);
  try {
    const counted = ((await boardEntry(ctx, s.e.id, mix.inputsIndex)) as { ballots: number[] }).ballots;
    await forEachBallotPage(ctx, s.e.id, s.contest, s.position, counted, async (page) => {
      for (const b of page)
        for (const ct of b.row)
          out.add(Buffer.concat([Buffer.from(ct.alpha, 'hex'), Buffer.from(ct.beta, 'hex')]));
    });
    return 'ballots';
  } finally {
    out.close();
  }
}
