/**
 * The files of a streamed shuffle (spec/mixnet.md §7.4): fixed-size records, in row order, so
 * that any range of rows is read or written at a computed offset and no list is held whole.
 *   inputs.bin, outputs.bin  N·w ciphertexts, each α ∥ β (2 encodings), in hash order (§1.2)
 *   c.bin, cHat.bin, tHat.bin  N encodings each
 *   sHat.bin, sPrime.bin       N scalars each, 32 bytes big-endian
 *   proof-head.json            N, w, t_1, t_2, t_3, t_4, s_1, s_2, s_3, s_4 (hex, spec/mixnet.md §6)
 * Node only.
 * @module
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ShufflePaths } from './stream-task-types.js';

/** The paths of a shuffle directory; `inputs` may live elsewhere (the previous stage's outputs). */
export function shufflePaths(dir: string, inputs = join(dir, 'inputs.bin')): ShufflePaths {
  return {
    inputs,
    outputs: join(dir, 'outputs.bin'),
    c: join(dir, 'c.bin'),
    cHat: join(dir, 'cHat.bin'),
    tHat: join(dir, 'tHat.bin'),
    sHat: join(dir, 'sHat.bin'),
    sPrime: join(dir, 'sPrime.bin'),
  };
}

/** The path of the small part of the proof. */
export const headPath = (dir: string): string => join(dir, 'proof-head.json');

/** Bytes per record of each file, for element length L and width w. */
export function recordBytes(file: keyof ShufflePaths, L: number, w: number): number {
  if (file === 'inputs' || file === 'outputs') return 2 * w * L;
  if (file === 'sHat' || file === 'sPrime') return 32;
  return L;
}

/** Reads exactly `len` bytes at `pos` (a short file gives a shorter array). */
export function readAt(fd: number, pos: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, out, got, len - got, pos + got);
    if (n === 0) return out.subarray(0, got);
    got += n;
  }
  return out;
}

/** Writes all of `bytes` at `pos`. */
export function writeAt(fd: number, bytes: Uint8Array, pos: number): void {
  let put = 0;
  while (put < bytes.length) put += writeSync(fd, bytes, put, bytes.length - put, pos + put);
}

/** Runs `f` with the files opened (`flags` per file: 'r' or 'r+'), closing them whatever happens. */
export function withFiles<K extends keyof ShufflePaths, T>(
  paths: ShufflePaths,
  flags: Readonly<Record<K, 'r' | 'r+'>>,
  f: (fds: Record<K, number>) => T,
): T {
  const fds = {} as Record<K, number>;
  try {
    for (const k of Object.keys(flags) as K[]) fds[k] = openSync(paths[k], flags[k]);
    return f(fds);
  } finally {
    for (const fd of Object.values(fds) as number[]) closeSync(fd);
  }
}

/** The files a chunk of rows of a stage's proof reads (its inputs apart: a chain has them from the stage before). */
export type ProofRowFiles = Record<'c' | 'outputs' | 'cHat' | 'tHat' | 'sHat' | 'sPrime', Uint8Array>;

/**
 * Rows [a, a + n) of a stage's proof files: outputs (rows of `rowB` bytes), c, ĉ, t̂ (elements
 * of L bytes), ŝ and s' (32 bytes; s' has one more unless the chunk is the last, `last`).
 */
export function readProofRows(
  paths: ShufflePaths,
  a: number,
  n: number,
  L: number,
  rowB: number,
  last: boolean,
): ProofRowFiles {
  return withFiles(
    paths,
    { c: 'r', outputs: 'r', cHat: 'r', tHat: 'r', sHat: 'r', sPrime: 'r' } as const,
    (fd) => ({
      c: readAt(fd.c, a * L, n * L),
      outputs: readAt(fd.outputs, a * rowB, n * rowB),
      cHat: readAt(fd.cHat, a * L, n * L),
      tHat: readAt(fd.tHat, a * L, n * L),
      sHat: readAt(fd.sHat, 32 * a, 32 * n),
      sPrime: readAt(fd.sPrime, 32 * a, 32 * (last ? n : n + 1)),
    }),
  );
}
