/**
 * Step B of a ranked contest on a chunk of `inputs.json`'s ballots (spec/mixnet.md §8.5 B1–B3,
 * C1): a task of the verification's worker pool, or run in the calling thread. The task names
 * the file and the byte spans of its ballots (./ranked-scan.ts found them); the chunk reads
 * only those bytes, checks each ballot's shape (the file's schema over the file's head and these
 * ballots), decodes it (B1), verifies its proofs in one batch (B2/B3, then one by one to name a
 * failing proof), compares its row with `mix-chain/inputs.bin` at the same index (C1, byte for
 * byte), and returns what the contest's other checks need: each ballot's id and row digest
 * (L3.G, 15.B), the digests of the rows it decoded (the ballot pass's deferred rows,
 * ../evident/ranked-deferred.ts) and a 16-byte prefix of every α (B4 across chunks).
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Batch,
  type CiphertextRow,
  type Finding,
  type Group,
  type PublicKey,
  type RankedBallot,
  type RankedContest,
  createBatch,
  encodeElement,
  isInvalidData,
  rankedBallotFromJson,
  rankedLayout,
  verifyRankedBallot,
} from '@evident/e2e-crypto';
import { rowsBytes } from '@evident/e2e-crypto/mixnet-parallel';
import { CHAIN_INPUTS_FILE, INPUTS_FILE, MIX_CHAIN_DIR, RANKED_DIR } from '@evident/record';
import { hexDigestBytesOf } from '../log/log-summary.js';
import { type ChunkFindings, chunkFindings, readSpansOf } from './chunk-findings.js';
import { inputsSchemaProblem } from './ranked-heads.js';

/** Bytes of each α kept for B4 (a repeat is never missed; a false one needs a 2^64 collision). */
export const ALPHA_PREFIX = 16;

/** One chunk of step B: ballots [first, first + count) of the contest's inputs.json. */
export interface BallotsChunk {
  readonly dir: string;
  readonly id: string;
  readonly first: number;
  /** [start, end) byte offsets of each ballot in inputs.json (2 per ballot) */
  readonly spans: Float64Array;
  /** the file's other members (format, version, group, contest), as scanned */
  readonly head: Record<string, unknown>;
  /** the contest of the head, checked by the caller (B1) */
  readonly contest: RankedContest;
}

/** What a chunk found. */
export interface BallotsChunkResult {
  readonly findings: ChunkFindings;
  /** ballots checked (decoded) */
  readonly items: number;
  /** every ballot read, fit the schema and decoded with a row of the contest's width */
  readonly readable: boolean;
  /** each ballot's `id`, upper case (String() of whatever it is), for L3.G / 15.B */
  readonly ids: string[];
  /** each ballot's row digest (hex, as L3.G compares), or NOT_CANONICAL */
  readonly digests: string[];
  /** the digests (32 bytes each) of the rows decoded here */
  readonly decoded: Uint8Array;
  /** per ciphertext of every decoded row, in order, ALPHA_PREFIX bytes of α; index = row * w + k */
  readonly alphas: Uint8Array;
  /** per row of the chunk: 1 when decoded (its alphas are set) */
  readonly rowDecoded: Uint8Array;
  /** the first row (absolute index) that differs from mix-chain/inputs.bin, or -1 */
  readonly c1Bad: number;
}

/** A digest no row has: the row is not canonical JSON. */
export const NOT_CANONICAL = 'not canonical JSON';

/** What the chunk needs of the record's context. */
export interface ChunkContext<E> {
  readonly G: Group<E>;
  readonly K: E;
  readonly hE: Uint8Array;
  /** K with its fixed-base table (made once per thread: each chunk would otherwise make it again) */
  readonly pk: PublicKey<E>;
}

/** Checks one chunk of ballots. Never throws on bad data. */
export function checkBallotsChunk<E>(ctx: ChunkContext<E>, task: BallotsChunk): BallotsChunkResult {
  const { G } = ctx;
  const file = `${RANKED_DIR}/${task.id}/${INPUTS_FILE}`;
  const n = task.spans.length / 2;
  const out = chunkFindings();
  const w = rankedLayout(G, task.contest).width;
  const read = readSpansOf(join(task.dir, file), task.spans);
  const values: unknown[] = read.values;
  for (const b of read.bad)
    out.fail('B1', `${file} ballots[${task.first + b.index}]`, `not valid JSON: ${b.message}`);
  const schema =
    read.bad.length === 0 ? inputsSchemaProblem(task.id, task.head, values, task.first) : undefined;
  if (schema) out.fail('B1', `${file} ${schema.field}`.trim(), schema.message);
  const { ids, digests } = idsAndDigests(values);
  const empty = (readable: boolean): BallotsChunkResult => ({
    findings: out.result(),
    items: 0,
    readable,
    ids,
    digests,
    decoded: new Uint8Array(0),
    alphas: new Uint8Array(n * w * ALPHA_PREFIX), // aligned with the other chunks' rows
    rowDecoded: new Uint8Array(n),
    c1Bad: -1,
  });
  if (read.bad.length > 0 || schema) return empty(false);
  const ballots = values.map((b, i) => decodeBallot(G, b, `ballots[${task.first + i}]`, file, out));
  const items = ballots.filter((b) => b !== undefined).length;
  checkProofs(ctx, task.contest, ballots, file, task.first, out);
  const rowDecoded = Uint8Array.from(ballots, (b) => (b ? 1 : 0));
  const readable = ballots.every((b) => b !== undefined && b.row.length === w);
  return {
    findings: out.result(),
    items,
    readable,
    ids,
    digests,
    decoded: decodedDigests(digests, ballots),
    alphas: alphaPrefixes(G, ballots, w),
    rowDecoded,
    c1Bad: readable ? firstOtherRow(G, task, ballots as RankedBallot<E>[], w) : -1,
  };
}

/** A chunk whose ballots are only read for L3.G's ids and digests (the head is not usable). */
export interface RowsChunk {
  readonly dir: string;
  readonly id: string;
  readonly first: number;
  readonly spans: Float64Array;
}

/** The ids and row digests of a {@link RowsChunk}. */
export interface RowsOnlyResult {
  readonly ids: string[];
  readonly digests: string[];
}

/** The ids and digests of a chunk's ballots (an element that is not JSON: id "UNDEFINED", NOT_CANONICAL). */
export function rowsOfChunk(task: RowsChunk): RowsOnlyResult {
  const file = `${RANKED_DIR}/${task.id}/${INPUTS_FILE}`;
  return idsAndDigests(readSpansOf(join(task.dir, file), task.spans).values);
}

function idsAndDigests(values: readonly unknown[]): RowsOnlyResult {
  const ids: string[] = [];
  const digests: string[] = [];
  for (const v of values) {
    const { id, ...row } = (v ?? {}) as Record<string, unknown>;
    ids.push(String(id).toUpperCase());
    digests.push(rowDigestHex(row));
  }
  return { ids, digests };
}

/** The row's digest as L3.G compares it (hex), or NOT_CANONICAL. */
function rowDigestHex(row: Record<string, unknown>): string {
  try {
    return hexDigestBytesOf(row).toString('hex');
  } catch {
    return NOT_CANONICAL;
  }
}

/** B1: one ballot decoded, or undefined with its finding. */
function decodeBallot<E>(
  G: Group<E>,
  v: unknown,
  field: string,
  file: string,
  out: ReturnType<typeof chunkFindings>,
): RankedBallot<E> | undefined {
  try {
    return rankedBallotFromJson(G, v, field);
  } catch (e) {
    if (isInvalidData(e)) out.fail('B1', `${file} ${e.field}`, e.message);
    else out.fail('B1', file, e instanceof Error ? e.message : 'unreadable');
    return undefined;
  }
}

/** B2/B3: the chunk's proofs in one batch; on failure, one by one to name the failing ones. */
function checkProofs<E>(
  ctx: ChunkContext<E>,
  contest: RankedContest,
  ballots: readonly (RankedBallot<E> | undefined)[],
  file: string,
  first: number,
  out: ReturnType<typeof chunkFindings>,
): void {
  const { G, hE } = ctx;
  const { pk } = ctx;
  const batch: Batch<E> | undefined = G.proofForm === 'commitment' ? createBatch(G) : undefined;
  const early = new Set<number>();
  const report = (i: number, r: Finding, bad: string) =>
    out.fail(r.check, `${file} ballots[${first + i}].${r.where}`, r.check === 'B1' ? 'wrong shape' : bad);
  ballots.forEach((b, i) => {
    if (!b) return;
    const [r] = verifyRankedBallot(G, pk, hE, contest, b, batch);
    if (r) {
      early.add(i);
      report(i, r, 'proof is invalid');
    }
  });
  if (batch && !batch.check())
    ballots.forEach((b, i) => {
      if (!b || early.has(i)) return;
      const [r] = verifyRankedBallot(G, pk, hE, contest, b);
      if (r) report(i, r, 'proof is invalid');
    });
}

/** The digests of the decoded rows, concatenated. */
function decodedDigests<E>(
  digests: readonly string[],
  ballots: readonly (RankedBallot<E> | undefined)[],
): Uint8Array {
  const out = new Uint8Array(32 * ballots.filter(Boolean).length);
  let at = 0;
  ballots.forEach((b, i) => {
    if (!b) return;
    const hex = digests[i]!;
    if (hex !== NOT_CANONICAL) out.set(Buffer.from(hex, 'hex'), at);
    at += 32;
  });
  return out;
}

/** ALPHA_PREFIX bytes of each decoded row's α, row by row (zeros for rows not decoded). */
function alphaPrefixes<E>(
  G: Group<E>,
  ballots: readonly (RankedBallot<E> | undefined)[],
  w: number,
): Uint8Array {
  const out = new Uint8Array(ballots.length * w * ALPHA_PREFIX);
  ballots.forEach((b, i) =>
    b?.row.slice(0, w).forEach((ct, k) => {
      out.set(encodeElement(G, ct.alpha).subarray(0, ALPHA_PREFIX), (i * w + k) * ALPHA_PREFIX);
    }),
  );
  return out;
}

/** C1: the first row of the chunk whose bytes differ from inputs.bin at its index, or -1. */
function firstOtherRow<E>(
  G: Group<E>,
  task: BallotsChunk,
  ballots: readonly RankedBallot<E>[],
  w: number,
): number {
  const rows: CiphertextRow<E>[] = ballots.map((b) => b.row);
  const want = rowsBytes(G, rows);
  const rowB = 2 * w * G.elementLength;
  const got = new Uint8Array(want.length);
  let fd: number;
  try {
    fd = openSync(join(task.dir, RANKED_DIR, task.id, MIX_CHAIN_DIR, CHAIN_INPUTS_FILE), 'r');
  } catch {
    return task.first; // the caller reports the missing file first
  }
  try {
    readSync(fd, got, 0, got.length, task.first * rowB);
  } finally {
    closeSync(fd);
  }
  for (let i = 0; i < want.length; i++) if (want[i] !== got[i]) return task.first + Math.floor(i / rowB);
  return -1;
}
