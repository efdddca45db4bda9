/**
 * C1 of the streamed chain (spec/mixnet.md §8.5): `mix-chain/inputs.bin`, the first stage's
 * inputs, holds exactly the rows of inputs.json (B1–B4 checked those), byte for byte, compared
 * a chunk of rows at a time; in a chain checked in this thread, the rows are kept for the first
 * stage's tasks, which then do not decode its inputs again (@evident/e2e-crypto kept rows).
 * @module
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { CiphertextRow, Group } from '@evident/e2e-crypto';
import { keepCiphertextRows, rowsBytes } from '@evident/e2e-crypto/mixnet-parallel';
import type { StepCollector } from '../report.js';

const CHUNK_ROWS = 4096;

/**
 * @param file - the path named in findings, relative to the record
 * @returns true when the file holds exactly the rows
 */
export function compareInputs<E>(
  G: Group<E>,
  path: string,
  rows: readonly CiphertextRow<E>[],
  file: string,
  C: StepCollector,
  keep?: string,
): boolean {
  const rowB = 2 * (rows[0]?.length ?? 0) * G.elementLength;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    C.fail('C1', file, 'missing: the first stage has no inputs');
    return false;
  }
  if (size !== rows.length * rowB) {
    C.fail('C1', file, `expected ${rows.length * rowB} bytes (${rows.length} rows), got ${size}`);
    return false;
  }
  const fd = openSync(path, 'r');
  try {
    for (let a = 0; a < rows.length; a += CHUNK_ROWS) {
      const want = rowsBytes(G, rows.slice(a, a + CHUNK_ROWS));
      const got = new Uint8Array(want.length);
      readSync(fd, got, 0, want.length, a * rowB);
      const bad = firstDifferentRow(want, got, rowB);
      if (bad >= 0) {
        C.fail('C1', `${file}[${a + bad}]`, `is not the row of inputs.json ballots[${a + bad}]`);
        return false;
      }
      // the first stage's inputs, decoded already (B1): kept for its tasks in this thread
      if (keep !== undefined) keepCiphertextRows(G, keep, path, a, rows.slice(a, a + CHUNK_ROWS), got);
    }
  } finally {
    closeSync(fd);
  }
  return true;
}

function firstDifferentRow(a: Uint8Array, b: Uint8Array, rowB: number): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return Math.floor(i / rowB);
  return -1;
}
