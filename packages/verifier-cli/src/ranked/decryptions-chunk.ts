/**
 * Step D of a ranked contest on a chunk of `decryptions.json`'s rows (spec/mixnet.md §8.5 D1–D3):
 * a task of the verification's worker pool, or run in the calling thread. It reads rows
 * [first, first + count) of the file and of its `plaintexts` (their byte spans, found by
 * ./step-d.ts), the same rows of the last mix stage's `outputs.bin`, checks the file's schema on
 * them, decodes them, verifies the decryptions' proofs against the outputs (D1–D2), reads the
 * plaintexts they decrypt to and compares them with the published ones (D3). It returns the
 * plaintexts read (for K, the recount) when every proof of the chunk holds.
 * @module
 */
import { join } from 'node:path';
import {
  type RankedContest,
  type RankedPlaintext,
  isInvalidData,
  rankedLayout,
  readRankedRows,
  rowDecryptionsFromJson,
  thresholdRowDecryptionVerifier,
} from '@evident/e2e-crypto';
import { readRowsAt } from '@evident/e2e-crypto/mixnet-parallel';
import { DECRYPTIONS_FILE, RANKED_DIR } from '@evident/record';
import type { ChunkContext } from './ballots-chunk.js';
import { type ChunkFindings, chunkFindings, readSpansOf } from './chunk-findings.js';
import { partsProblem } from './ranked-heads.js';

/** One chunk of step D: rows [first, first + count) of decryptions.json. */
export interface DecryptionsChunk {
  readonly dir: string;
  readonly id: string;
  readonly first: number;
  /** [start, end) byte offsets of each row of `rows` */
  readonly rows: Float64Array;
  /** the same of `plaintexts`, for the rows it has (fewer when it is shorter) */
  readonly plaintexts: Float64Array;
  /** the file's other members */
  readonly head: Record<string, unknown>;
  readonly contest: RankedContest;
  /** the last stage's outputs.bin, relative to the record */
  readonly outputs: string;
}

/** What a chunk found. */
export interface DecryptionsChunkResult {
  readonly findings: ChunkFindings;
  /** decryptions (row entries) checked */
  readonly items: number;
  /** what the rows decrypt to, when every proof of the chunk holds */
  readonly plain?: RankedPlaintext[];
}

/** Checks one chunk of decryptions. Never throws on bad data. */
export function checkDecryptionsChunk<E>(
  ctx: ChunkContext<E>,
  task: DecryptionsChunk,
): DecryptionsChunkResult {
  const { G } = ctx;
  const file = `${RANKED_DIR}/${task.id}/${DECRYPTIONS_FILE}`;
  const out = chunkFindings();
  const none = (): DecryptionsChunkResult => ({ findings: out.result(), items: 0 });
  const n = task.rows.length / 2;
  const path = join(task.dir, file);
  const rows = readSpansOf(path, task.rows);
  const plains = readSpansOf(path, task.plaintexts);
  for (const b of rows.bad)
    out.fail('D1', `${file} rows[${task.first + b.index}]`, `not valid JSON: ${b.message}`);
  for (const b of plains.bad)
    out.fail('D3', `${file} plaintexts[${task.first + b.index}]`, `not valid JSON: ${b.message}`);
  if (rows.bad.length > 0 || plains.bad.length > 0) return none();
  const p = partsProblem(
    task.id,
    DECRYPTIONS_FILE,
    task.head,
    { rows: rows.values, plaintexts: plains.values },
    task.first,
  );
  if (p) {
    out.fail('D1', `${file} ${p.field}`.trim(), p.message);
    return none();
  }
  const decs = decode(() => rowDecryptionsFromJson(G, rows.values, 'rows'), 'D1', file, task.first, out);
  const w = rankedLayout(G, task.contest).width;
  const last = lastRows(G, task, w, n, out);
  if (!decs || !last) return none();
  const found = thresholdRowDecryptionVerifier(G, { K: ctx.K, hE: ctx.hE })(last, decs);
  const items = decs.reduce((s, r) => s + r.length, 0);
  for (const f of found)
    out.fail(f.check, `${file} ${absolute(f.where.replace(/^decryptions/, 'rows'), task.first)}`, f.message);
  if (found.length > 0) return { findings: out.result(), items };
  const plain = decode(() => readRankedRows(G, ctx.K, task.contest, decs), 'D1', file, task.first, out);
  if (!plain) return { findings: out.result(), items };
  compare(plain, plains.values, file, task.first, out);
  return { findings: out.result(), items, plain };
}

/** `rows[k]…` / `plaintexts[k]…` / `decryptions[k]…` with k made absolute. */
function absolute(where: string, first: number): string {
  return where.replace(
    /^(rows|plaintexts|decryptions)\[(\d+)\]/,
    (_m, a: string, i: string) => `${a}[${first + Number(i)}]`,
  );
}

/** Runs a decoding, turning its error into a finding naming the file and (absolute) field. */
function decode<T>(
  f: () => T,
  check: string,
  file: string,
  first: number,
  out: ReturnType<typeof chunkFindings>,
): T | undefined {
  try {
    return f();
  } catch (e) {
    if (isInvalidData(e)) out.fail(check, `${file} ${absolute(e.field, first)}`, e.message);
    else out.fail(check, file, e instanceof Error ? e.message : 'unreadable');
    return undefined;
  }
}

/** The last stage's rows of the chunk, decoded; a non-member is a D1 finding naming it. */
function lastRows<E>(
  G: ChunkContext<E>['G'],
  task: DecryptionsChunk,
  w: number,
  n: number,
  out: ReturnType<typeof chunkFindings>,
): ReturnType<typeof readRowsAt<E>> | undefined {
  const path = join(task.dir, task.outputs);
  try {
    const rows = readRowsAt(G, path, w, task.first, n);
    if (rows.length === n) return rows;
    out.fail('D1', task.outputs, `expected rows ${task.first}..${task.first + n - 1}: the file ends first`);
  } catch (e) {
    const where = isInvalidData(e) && e.field.startsWith(path) ? e.field.slice(path.length) : '';
    out.fail('D1', `${task.outputs}${where}`, e instanceof Error ? e.message : 'unreadable');
  }
  return undefined;
}

/** D3: the published plaintexts are what the decryptions read as. */
function compare(
  plain: readonly RankedPlaintext[],
  published: readonly unknown[],
  file: string,
  first: number,
  out: ReturnType<typeof chunkFindings>,
): void {
  plain.forEach((p, k) => {
    const q = published[k] as RankedPlaintext | undefined;
    if (!q) return;
    const i = first + k;
    if (JSON.stringify(q.ranks) !== JSON.stringify(p.ranks))
      out.fail('D3', `${file} plaintexts[${i}].ranks`, `decryptions read as ${JSON.stringify(p.ranks)}`);
    if (JSON.stringify(q.writeIns) !== JSON.stringify(p.writeIns))
      out.fail(
        'D3',
        `${file} plaintexts[${i}].writeIns`,
        `decryptions read as ${JSON.stringify(p.writeIns)}`,
      );
  });
}
