/**
 * Step B of a ranked contest (spec/mixnet.md §8.5 B1–B4) over `inputs.json` without parsing it
 * whole: the file is scanned once for its head and the byte spans of its ballots
 * (@evident/record `scanJsonObjectArrays`), the head checked here, the ballots checked in chunks
 * (./ballots-chunk.ts) — tasks of the verification's worker pool when it has one, so that every
 * core works on a large contest — and the chunks' results merged: findings, B4 over the α
 * prefixes of all chunks, C1's first differing row, and what the other checks need (L3.G's rows,
 * the decoded rows' digests, the contest for 15.A). Memory: the spans and, per ballot, its id,
 * row digest and α prefixes; never the file or its decoded rows.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Group,
  type RankedContest,
  checkRankedContest,
  isInvalidData,
  rankedLayout,
} from '@evident/e2e-crypto';
import { INPUTS_FILE, RANKED_DIR, scanJsonObjectArrays } from '@evident/record';
import type { StepCollector } from '../report.js';
import type { InputsRows } from './inputs-rows.js';
import {
  ALPHA_PREFIX,
  type BallotsChunk,
  type BallotsChunkResult,
  type RowsOnlyResult,
} from './ballots-chunk.js';
import { addChunkFindings } from './chunk-findings.js';
import { type ChunkRunner, runChunks } from './chunk-runner.js';
import { HexColumn } from './hex-column.js';
import { partsProblem } from './ranked-heads.js';

/** What step B leaves for the contest's other steps. */
export interface StepBOutcome {
  /** the contest of the head, when B1 accepts it */
  readonly contest?: RankedContest;
  /** the ballots (N) and the width of their rows (w) when every ballot was read and decoded */
  readonly usable?: { readonly N: number; readonly w: number };
  /** the first ballot whose row is not mix-chain/inputs.bin's row at its index, or -1 */
  readonly c1Bad: number;
  /** L3.G's rows: ids and row digests (undefined: the file is not JSON) */
  readonly rows?: InputsRows;
  /** the digests of the rows decoded (32 bytes each) */
  readonly decoded: Uint8Array;
  /** the head's `contest` member, when the file is a JSON object (15.A) */
  readonly contestValue?: { readonly value: unknown };
}

/** Step B of contest `id`, its findings into `B`. */
export async function runStepB<E>(
  recordDir: string,
  id: string,
  G: Group<E>,
  { chunks, size }: { chunks: ChunkRunner; size: number },
  B: StepCollector,
): Promise<StepBOutcome> {
  const groupName = G.name;
  const file = `${RANKED_DIR}/${id}/${INPUTS_FILE}`;
  const none: StepBOutcome = { c1Bad: -1, decoded: new Uint8Array(0) };
  const path = join(recordDir, file);
  if (!existsSync(path)) {
    B.fail('B1', file, 'file is missing or unreadable');
    return none;
  }
  const scan = await scanJsonObjectArrays(path, ['ballots']);
  if (!scan.ok) {
    B.fail('B1', file, `not valid JSON at byte ${scan.offset}: ${scan.message}`);
    return none;
  }
  const { head } = scan.value;
  const spans = scan.value.arrays.get('ballots');
  const contestValue = { value: head['contest'] };
  const rowsBase = { ...none, contestValue };
  if (!spans) {
    B.fail('B1', `${file} ballots`, 'expected a non-empty array');
    return { ...rowsBase, ...('ballots' in head ? { rows: { kind: 'not-array' } } : {}) };
  }
  const p = partsProblem(id, INPUTS_FILE, head, { ballots: [] });
  let contest: RankedContest | undefined;
  if (p) B.fail('B1', `${file} ${p.field}`.trim(), p.message);
  else if (head['group'] !== groupName) B.fail('B1', `${file} group`, `expected "${groupName}"`);
  else contest = checkContest(head['contest'], id, file, B);
  if (!contest) return { ...rowsBase, rows: await rowsOnly(recordDir, id, spans, chunks, size) };
  const n = spans.length / 2;
  if (n === 0) {
    B.fail('B1', `${file} ballots`, 'expected a non-empty array');
    return { ...rowsBase, contest, rows: { kind: 'rows', ids: [], digests: [] } };
  }
  const merged = merger(rankedLayout(G, contest).width, file, B);
  await runChunks<BallotsChunkResult>(
    chunks,
    'rankedBallotsChunk',
    n,
    size,
    (a, b) =>
      ({
        dir: recordDir,
        id,
        first: a,
        spans: spans.slice(2 * a, 2 * b),
        head,
        contest,
      }) satisfies BallotsChunk,
    merged.take,
  );
  return { ...rowsBase, contest, ...merged.done() };
}

/** B1 on the head's contest. */
function checkContest(c: unknown, id: string, file: string, B: StepCollector): RankedContest | undefined {
  try {
    if (typeof c !== 'object' || c === null) throw new RangeError('contest: expected an object');
    const o = c as RankedContest;
    if (o.id !== id) throw new RangeError(`contest.id: expected "${id}" (the folder name)`);
    if (!Array.isArray(o.candidates) || o.candidates.some((x) => typeof x !== 'string'))
      throw new RangeError('contest.candidates: expected strings');
    checkRankedContest(o);
    return o;
  } catch (e) {
    if (isInvalidData(e)) B.fail('B1', `${file} ${e.field}`, e.message);
    else B.fail('B1', file, e instanceof Error ? e.message : 'unreadable');
    return undefined;
  }
}

/** The ids and digests alone (L3.G compares them even when the head is wrong). */
async function rowsOnly(
  recordDir: string,
  id: string,
  spans: Float64Array,
  chunks: ChunkRunner,
  size: number,
): Promise<InputsRows> {
  const ids = new HexColumn(true);
  const digests = new HexColumn(false);
  await runChunks<RowsOnlyResult>(
    chunks,
    'rankedRowsChunk',
    spans.length / 2,
    size,
    (a, b) => ({
      dir: recordDir,
      id,
      first: a,
      spans: spans.slice(2 * a, 2 * b),
    }),
    (r) => {
      ids.append(r.ids);
      digests.append(r.digests);
    },
  );
  return { kind: 'rows', ids, digests };
}

/**
 * The chunks' results as one, taken in chunk order and dropped once taken: findings, items, C1's
 * first row, L3.G's ids and digests as two columns (64 bytes a ballot), and at the end B4 over
 * the α prefixes of every chunk.
 */
function merger(w: number, file: string, B: StepCollector) {
  let c1Bad = -1;
  let readable = true;
  const ids = new HexColumn(true);
  const digests = new HexColumn(false);
  const rowDecoded: Uint8Array[] = [];
  const alphas: Uint8Array[] = [];
  const decoded: Uint8Array[] = [];
  return {
    take(r: BallotsChunkResult): void {
      addChunkFindings(B, r.findings);
      for (let i = 0; i < r.items; i++) B.item();
      if (r.c1Bad >= 0 && c1Bad < 0) c1Bad = r.c1Bad;
      readable &&= r.readable;
      ids.append(r.ids);
      digests.append(r.digests);
      rowDecoded.push(r.rowDecoded);
      alphas.push(r.alphas);
      decoded.push(r.decoded);
    },
    done(): Pick<StepBOutcome, 'usable' | 'c1Bad' | 'rows' | 'decoded'> {
      const rows = concat(rowDecoded);
      for (const [at, prev] of repeatedAlphas(concat(alphas), rows, w))
        B.fail(
          'B4',
          `${file} ballots[${Math.floor(at / w)}].row[${at % w}]`,
          `repeats the ciphertext at ballots[${Math.floor(prev / w)}].row[${prev % w}]`,
        );
      return {
        c1Bad,
        rows: { kind: 'rows', ids, digests },
        decoded: concat(decoded),
        ...(readable ? { usable: { N: rows.length, w } } : {}),
      };
    },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * B4: the ciphertexts whose α repeats an earlier one's, as [index, first index] (index = row·w +
 * column), in order. Each α's first 25 bits and its index make one number (a native sort of
 * numbers), and equal keys are compared on all ALPHA_PREFIX bytes.
 */
export function repeatedAlphas(prefixes: Uint8Array, rowDecoded: Uint8Array, w: number): [number, number][] {
  const m = rowDecoded.length * w;
  if (m >= IDX) throw new RangeError(`B4: more than ${IDX} ciphertexts in one contest`);
  const keys = new Float64Array(m);
  let n = 0;
  for (let i = 0; i < m; i++) {
    if (!rowDecoded[Math.floor(i / w)]) continue;
    const o = i * ALPHA_PREFIX;
    const k =
      ((prefixes[o]! << 24) | (prefixes[o + 1]! << 16) | (prefixes[o + 2]! << 8) | prefixes[o + 3]!) >>> 7;
    keys[n++] = k * IDX + i; // k < 2^25, i < 2^28: exact in a double
  }
  const sorted = keys.subarray(0, n).sort();
  const out: [number, number][] = [];
  for (let a = 0; a < n;) {
    const key = Math.floor(sorted[a]! / IDX);
    let b = a + 1;
    while (b < n && Math.floor(sorted[b]! / IDX) === key) b++;
    for (let x = a + 1; x < b; x++) {
      const i = sorted[x]! % IDX;
      for (let y = a; y < x; y++) {
        const j = sorted[y]! % IDX;
        if (samePrefix(prefixes, i, j)) {
          out.push([i, j]);
          break;
        }
      }
    }
    a = b;
  }
  return out.sort((p, q) => p[0] - q[0]);
}

/** Indices below 2^28 (268 million ciphertexts per contest). */
const IDX = 2 ** 28;

function samePrefix(p: Uint8Array, i: number, j: number): boolean {
  for (let k = 0; k < ALPHA_PREFIX; k++)
    if (p[i * ALPHA_PREFIX + k] !== p[j * ALPHA_PREFIX + k]) return false;
  return true;
}
