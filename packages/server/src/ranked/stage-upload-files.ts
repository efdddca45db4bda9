/**
 * A mix stage upload on files (spec/server-api.md §7.5): the body streamed to the spool folder
 * as it arrives (never held whole), read a value at a time into the files of spec/mixnet.md §7.5
 * in a work folder (@evident/record `readMixStageFile`), the rows entering the stage written
 * beside them from the board (the ballots a page at a time, or the previous stage's outputs from
 * its entry's bytes), and, once accepted, the `mix-stage` board entry's canonical bytes written
 * from the files. Every file of an upload is removed whatever its outcome.
 * @module
 */
import { closeSync, createWriteStream, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { shufflePaths } from '@evident/e2e-crypto/mixnet-parallel';
import { stageDirBody, writeObject } from '@evident/record';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { forEachBallotPage } from './mix-ballot-pages.js';
import type { ContestSetup } from './mix-session.js';
import { boardEntry } from '../board/board-entry.js';

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
  const out = appender(path);
  try {
    if (j === 0) {
      const counted = ((await boardEntry(ctx, s.e.id, mix.inputsIndex)) as { ballots: number[] }).ballots;
      await forEachBallotPage(ctx, s.e.id, s.contest, s.position, counted, async (page) => {
        for (const b of page)
          for (const ct of b.row)
            out.add(Buffer.concat([Buffer.from(ct.alpha, 'hex'), Buffer.from(ct.beta, 'hex')]));
      });
      return 'ballots';
    }
    const index = mix.stages[j - 1]!.logIndex;
    const [row] = await ctx.store.logEntries(s.e.id, index, 1);
    if (!row) throw new ApiError('EVD_ERR_INTERNAL', `board entry ${index} missing`);
    outputsOfEntry(row.entry, 2 * s.G.elementLength, out.add);
    return `stages[${j - 1}].outputs`;
  } finally {
    out.close();
  }
}

/**
 * The outputs of a `mix-stage` entry as bytes, ciphertext by ciphertext, read from its canonical
 * JSON without parsing it (the server wrote it: `"outputs":[[{"alpha":"…","beta":"…"},…],…]`,
 * upper-case hex, before `"proof"`).
 * @param hexLength - an element's length in hex digits
 */
function outputsOfEntry(entry: Uint8Array, hexLength: number, add: (b: Uint8Array) => void): void {
  const b = Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength);
  let at = b.indexOf(',"outputs":[');
  const end = b.indexOf(',"proof":{', at);
  if (at < 0 || end < 0) throw new ApiError('EVD_ERR_INTERNAL', 'a mix-stage entry without outputs');
  for (;;) {
    const a = b.indexOf('"alpha":"', at);
    if (a < 0 || a > end) return;
    const x = a + 9;
    const y = b.indexOf('"beta":"', x + hexLength) + 8;
    add(Buffer.from(b.toString('latin1', x, x + hexLength), 'hex'));
    add(Buffer.from(b.toString('latin1', y, y + hexLength), 'hex'));
    at = y + hexLength;
  }
}

/** The members of an accepted stage's board entry besides its outputs and proof. */
export interface StageEntryFields {
  readonly contestId: string;
  readonly stage: number;
  readonly guardian: { readonly id: string; readonly x: number };
  readonly signature: string;
  readonly time: number;
}

/**
 * The `mix-stage` board entry's canonical JSON bytes (RFC 8785, as `tx.append` writes an entry),
 * written from the stage's files in `dir` a chunk of rows at a time (hex in upper case,
 * spec/mixnet.md §1.2). The entry holds the whole stage (spec/bulletin-board.md §2), so these
 * bytes are one buffer of the stage's size: measured in a first pass over the files, then
 * written into it in a second, so that it is the stage's only copy in memory.
 */
export function stageEntryBytes(dir: string, L: number, w: number, f: StageEntryFields): Uint8Array {
  const members = () => ({ type: 'mix-stage', ...f, ...stageDirBody(dir, shufflePaths(dir), L, w) });
  let size = 0;
  writeObject({ update: (text: string) => (size += Buffer.byteLength(text, 'utf8')) }, members());
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  writeObject({ update: (text: string) => (at += out.write(text, at, 'utf8')) }, members());
  if (at !== size) throw new Error(`stage entry: ${at} bytes written, ${size} measured`);
  return out;
}
