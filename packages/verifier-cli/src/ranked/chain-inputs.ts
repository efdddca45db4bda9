/**
 * C1 of the streamed chain (spec/mixnet.md §8.5): `mix-chain/inputs.bin`, the first stage's
 * inputs, holds exactly the rows of inputs.json (B1–B4 checked those), byte for byte. Step B's
 * chunks compare their rows with the file at the same index (./ballots-chunk.ts) and report the
 * first that differs; this checks the file's size and reports that row.
 * @module
 */
import { statSync } from 'node:fs';
import type { StepCollector } from '../report.js';

/**
 * @param path - the file
 * @param rowB - bytes per row (2·w·element length)
 * @param c1Bad - the first row step B found different, or -1
 * @param file - the path named in findings, relative to the record
 * @returns true when the file holds exactly the N rows
 */
export function checkInputsFile(
  path: string,
  N: number,
  rowB: number,
  c1Bad: number,
  file: string,
  C: StepCollector,
): boolean {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    C.fail('C1', file, 'missing: the first stage has no inputs');
    return false;
  }
  if (size !== N * rowB) {
    C.fail('C1', file, `expected ${N * rowB} bytes (${N} rows), got ${size}`);
    return false;
  }
  if (c1Bad >= 0) {
    C.fail('C1', `${file}[${c1Bad}]`, `is not the row of inputs.json ballots[${c1Bad}]`);
    return false;
  }
  return true;
}
