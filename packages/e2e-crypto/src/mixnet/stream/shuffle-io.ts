/**
 * Conversions between the in-memory shuffle data (rows of ciphertexts, ShuffleProof) and the
 * files of a streamed shuffle (spec/mixnet.md §7.4), for moderate N: writing a mix's inputs,
 * re-checking a small streamed proof with the one-thread verifier to name a false equation, and
 * tests. A national-scale list is written chunk by chunk with {@link appendRows}. Node only.
 * @module
 */
import { appendFileSync, closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { bigintToBytes, bytesToBigint } from '../../bytes.js';
import type { Ciphertext } from '../../elgamal/elgamal.js';
import type { Group } from '../../group/group.js';
import { encodeElement } from '../encoding-cache.js';
import type { CiphertextRow } from '../shuffle.js';
import type { ShuffleProof } from '../shuffle-proof.js';
import { headPath, recordBytes } from './shuffle-files.js';
import { headFromJson, headToJson } from './stream-head.js';
import { takeRow } from './kept-rows.js';
import type { ShufflePaths } from './stream-task-types.js';

/** The rows' encodings in hash order (§1.2): α ∥ β per ciphertext, row after row. */
export function rowsBytes<E>(G: Group<E>, rows: readonly CiphertextRow<E>[]): Uint8Array {
  const L = G.elementLength;
  const w = rows[0]?.length ?? 0;
  const out = new Uint8Array(rows.length * 2 * w * L);
  let x = 0;
  for (const row of rows)
    for (const ct of row) {
      out.set(encodeElement(G, ct.alpha), x);
      out.set(encodeElement(G, ct.beta), x + L);
      x += 2 * L;
    }
  return out;
}

/** Writes rows to a new file (`append`: after what it holds). */
export function appendRows<E>(
  G: Group<E>,
  path: string,
  rows: readonly CiphertextRow<E>[],
  append = true,
): void {
  (append ? appendFileSync : writeFileSync)(path, rowsBytes(G, rows));
}

/**
 * Reads all N rows of width w (membership checked).
 * @param keep - a scope of ./kept-rows.ts: the rows kept there from the same bytes are taken, not
 *   decoded again
 * @throws {InvalidDataError} naming the file and the row
 */
export function readRows<E>(G: Group<E>, path: string, w: number, keep?: string): CiphertextRow<E>[] {
  const b = readFileSync(path);
  return decodeRows(G, path, w, b, b.length, 0, keep);
}

/**
 * Reads and decodes rows [from, from + count) of a rows file (fewer when the file ends first).
 * @throws {InvalidDataError} naming the file, row and element (`<path>[i][k].alpha`)
 */
export function readRowsAt<E>(
  G: Group<E>,
  path: string,
  w: number,
  from: number,
  count: number,
): CiphertextRow<E>[] {
  const rowB = recordBytes('inputs', G.elementLength, w);
  const b = new Uint8Array(count * rowB);
  const fd = openSync(path, 'r');
  let got: number;
  try {
    got = readSync(fd, b, 0, b.length, from * rowB);
  } finally {
    closeSync(fd);
  }
  return decodeRows(G, path, w, b, got, from);
}

/** The whole rows of `b[0, end)`, row `from` of the file first; kept rows taken from `keep`. */
function decodeRows<E>(
  G: Group<E>,
  path: string,
  w: number,
  b: Uint8Array,
  end: number,
  from: number,
  keep?: string,
): CiphertextRow<E>[] {
  const L = G.elementLength;
  const rowB = recordBytes('inputs', L, w);
  const rows: CiphertextRow<E>[] = [];
  for (let i = 0; i + rowB <= end; i += rowB) {
    const row: Ciphertext<E>[] = [];
    const index = from + i / rowB;
    const kept = takeRow(keep, path, index, b.subarray(i, i + rowB)) as readonly E[] | undefined;
    if (kept) {
      for (let k = 0; k < w; k++) row.push({ alpha: kept[2 * k]!, beta: kept[2 * k + 1]! });
      rows.push(row);
      continue;
    }
    for (let k = 0; k < w; k++) {
      const x = i + 2 * k * L;
      const f = `${path}[${index}][${k}]`;
      row.push({
        alpha: G.decode(b.subarray(x, x + L), f + '.alpha'),
        beta: G.decode(b.subarray(x + L, x + 2 * L), f + '.beta'),
      });
    }
    rows.push(row);
  }
  return rows;
}

function readElements<E>(G: Group<E>, path: string): E[] {
  const L = G.elementLength;
  const b = readFileSync(path);
  return Array.from({ length: Math.floor(b.length / L) }, (_, i) =>
    G.decode(b.subarray(i * L, (i + 1) * L), `${path}[${i}]`),
  );
}

function readScalars(path: string): bigint[] {
  const b = readFileSync(path);
  return Array.from({ length: Math.floor(b.length / 32) }, (_, i) =>
    bytesToBigint(b.subarray(32 * i, 32 * i + 32)),
  );
}

/**
 * Reads a whole streamed proof into memory (moderate N only).
 * @throws {InvalidDataError} naming the file and field
 */
export function readProofFiles<E>(G: Group<E>, paths: ShufflePaths, dir: string): ShuffleProof<E> {
  const h = headFromJson(G, JSON.parse(readFileSync(headPath(dir), 'utf8')));
  return {
    c: readElements(G, paths.c),
    cHat: readElements(G, paths.cHat),
    tHat: readElements(G, paths.tHat),
    sHat: readScalars(paths.sHat),
    sPrime: readScalars(paths.sPrime),
    t1: h.t1,
    t2: h.t2,
    t3: h.t3,
    t4: h.t4,
    s1: h.s1,
    s2: h.s2,
    s3: h.s3,
    s4: h.s4,
  };
}

/** Writes an in-memory proof and its outputs as the files of a streamed proof. */
export function writeProofFiles<E>(
  G: Group<E>,
  paths: ShufflePaths,
  dir: string,
  outputs: readonly CiphertextRow<E>[],
  p: ShuffleProof<E>,
): void {
  const L = G.elementLength;
  const els = (xs: readonly E[]) => {
    const out = new Uint8Array(xs.length * L);
    xs.forEach((x, i) => out.set(encodeElement(G, x), i * L));
    return out;
  };
  const scs = (xs: readonly bigint[]) => {
    const out = new Uint8Array(32 * xs.length);
    xs.forEach((x, i) => out.set(bigintToBytes(x, 32), 32 * i));
    return out;
  };
  appendRows(G, paths.outputs, outputs, false);
  writeFileSync(paths.c, els(p.c));
  writeFileSync(paths.cHat, els(p.cHat));
  writeFileSync(paths.tHat, els(p.tHat));
  writeFileSync(paths.sHat, scs(p.sHat));
  writeFileSync(paths.sPrime, scs(p.sPrime));
  const head = {
    N: p.c.length,
    w: p.t4.length,
    t1: p.t1,
    t2: p.t2,
    t3: p.t3,
    t4: p.t4,
    s1: p.s1,
    s2: p.s2,
    s3: p.s3,
    s4: p.s4,
  };
  writeFileSync(headPath(dir), JSON.stringify(headToJson(G, head)));
}
