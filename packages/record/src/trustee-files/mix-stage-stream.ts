/**
 * The stage file of `evident-trustee mix` (format `evident-trustee/mix-stage`, spec/server-api.md
 * §7.5) written from the files of a streamed shuffle (spec/mixnet.md §7.5) a chunk of rows at a
 * time, never held whole: the same members as {@link mixStageJson} plus the signature, in the
 * canonical member order (RFC 8785) of ../ranked/stage-digest.ts, so that the bytes of `outputs`
 * and `proof` are exactly those the signature's content digest was computed over. Node only.
 * @module
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { shufflePaths } from '@evident/e2e-crypto/mixnet-parallel';
import { type JsonSink, stageDirBody, writeObject } from '../ranked/stage-digest.js';
import { type MixStageHead, mixStageHeader } from './mix-files.js';

/** Characters buffered before a write. */
const FLUSH_AT = 1 << 20;

/** A sink appending to an open file, in writes of about {@link FLUSH_AT} characters. */
function fileSink(fd: number): JsonSink & { flush(): void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (size > 0) writeSync(fd, parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    update(text: string) {
      parts.push(text);
      size += text.length;
      if (size >= FLUSH_AT) flush();
    },
    flush,
  };
}

/**
 * Writes the stage file `path` from the stage whose files are in `dir`: written to a temporary
 * name beside it and renamed when complete, so that a failure leaves no partial file.
 * @param L - the group's element length in bytes
 * @param signature - the guardian's signature (hex) of the stage (spec/key-ceremony.md §13)
 * @throws {Error} when a file of the stage cannot be read or `path` cannot be written
 */
export function writeMixStageFromFiles(
  path: string,
  dir: string,
  L: number,
  w: number,
  head: MixStageHead,
  signature: string,
): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let done = false;
  try {
    const sink = fileSink(fd);
    writeObject(sink, { ...mixStageHeader(head), signature, ...stageDirBody(dir, shufflePaths(dir), L, w) });
    sink.update('\n');
    sink.flush();
    done = true;
  } finally {
    closeSync(fd);
    if (!done) rmSync(tmp, { force: true });
  }
  renameSync(tmp, path);
}

/**
 * Writes to the new file `path` one JSON object: `members` and the stage's `outputs` and `proof`
 * from the files in `dir`, a chunk of rows at a time, in canonical member order (a stage of the
 * server's mix file, spec/server-api.md §7.5, copied from the files the store keeps).
 * @throws {Error} when a file of the stage cannot be read or `path` cannot be written
 */
export function writeStageObjectFile(
  path: string,
  dir: string,
  L: number,
  w: number,
  members: Readonly<Record<string, unknown>>,
): void {
  const fd = openSync(path, 'w');
  try {
    const sink = fileSink(fd);
    writeObject(sink, { ...members, ...stageDirBody(dir, shufflePaths(dir), L, w) });
    sink.flush();
  } finally {
    closeSync(fd);
  }
}
