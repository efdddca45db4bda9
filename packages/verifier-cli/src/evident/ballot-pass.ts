/**
 * The ballot pass (spec/verification.md §0.3, §5–§8): streams every device's ballot file in
 * chunks to worker threads (or checks them in this thread), with at most a few chunks in flight
 * so that memory stays bounded whatever the record's size, and merges the results: findings,
 * duplicate codes (7.C), chain ends (7.F, 7.G), the aggregate (8) and the challenged ballots.
 * A chunk is filled up to its ballot budget across files: the tail of one device's file and the
 * next devices' (often one-ballot) files share a chunk as separate segments, so that a record of
 * many small files costs as few multi-exponentiations and worker round trips as one of big files.
 *
 * The chunks run on the verification's worker pool (./verify-pool.ts, over piscina).
 * Memory (target: < 500 MB at 1,000,000 ballots): a chunk is capped in ballots and in bytes, at
 * most 2 chunks per worker are in flight, each worker's old generation is capped, and the main structure that grows with the record, the
 * codes seen for 7.C, takes about 85 bytes a ballot (code-index.ts, §0.3.3).
 * @module
 */
import { existsSync, opendirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type EncryptedTally,
  type Group,
  bytesEqual,
  chainClosingCode,
  createTallyAccumulator,
  deviceAux0,
  fromHex,
  elementFromJson,
} from '@evident/e2e-crypto';
import { BALLOTS_DIR, DEVICES_FILE, ballotFile, readDevices } from '@evident/record';
import { type ByteKeyTable, byteKeyTable, labelKey } from '../compact/byte-keys.js';
import { ballotFileLines } from '../file-lines.js';
import {
  type Chunk,
  type ChunkResult,
  type Segment,
  type StepFinding,
  checkChunk,
  initialCodeHex,
} from './check-chunk.js';
import { type ChallengedSet, challengedSetBuilder } from './challenged-set.js';
import { type CodePlace, createCodeIndex } from './code-index.js';
import type { RecordLinesBuilder } from '../log/record-lines.js';
import type { EvidentContext } from './context.js';
import { type DeferredRows, deferredRowsTable } from './ranked-deferred.js';
import { startVerifyPool, type VerifyPool } from './verify-pool.js';

export { workersAvailable } from './verify-pool.js';

/** Options of the pass. */
/**
 * Ballots per chunk (spec/verification.md §0.3). A chunk is one batch, one multi-exponentiation:
 * Pippenger's bucket sums (~1.3·⌈256/c⌉·2^c additions) are a cost per chunk, so 256 ten-selection
 * ballots (~16,900 terms, the same window c = 10) cost ~10 % fewer additions a ballot than 128.
 * Measured on the 20,000-ballot export layout, alternated with 128 in one sitting: 0.96× the CPU
 * time per ballot; the peak resident set grows with the text in flight (next).
 */
export const CHUNK_BALLOTS = 256;

/**
 * Chunks in flight per worker: one being checked and one waiting, so that a worker never waits
 * for the main thread (which reads a chunk in a fraction of the time a worker checks it). With
 * 256-ballot chunks, 3 per worker (as with 128) took the peak resident set ~65 MB higher at
 * 20,000 ballots; with 2 it was ~40 MB higher at 20,000 and ~20 MB at 100,000 ballots than with
 * 128-ballot chunks (alternated in one sitting; spec/verification.md §0.3).
 */
export const IN_FLIGHT_PER_WORKER = 2;

export interface BallotPassOptions {
  /** Worker threads; 0 checks in this thread. */
  readonly workers: number;
  /** The run's pool (./verify-pool.ts), left open; else the pass starts and closes its own. */
  readonly pool?: VerifyPool;
  /** Ballots per chunk, over all its segments (default {@link CHUNK_BALLOTS}). */
  readonly chunkSize?: number;
  /** Characters of ballot lines per chunk (default 2 MiB): bounds a chunk of big ballots. */
  readonly chunkChars?: number;
  /** Old-generation heap limit of each worker thread in MB (default 128). */
  readonly workerHeapMb?: number;
  /**
   * When the record has a board: filled with each line's view for L3.B–L3.D, made by the chunks'
   * workers (../log/record-lines.ts), so that L3 does not read the ballot files again.
   */
  readonly lines?: RecordLinesBuilder;
  /**
   * Per ranked contest of the manifest, whether a cast ballot's row is left to step B
   * (./ranked-deferred.ts): hashed here from its bytes, its digest kept in the result's `deferred`.
   */
  readonly deferRanked?: readonly boolean[];
  /** Called with bytes read so far and total bytes. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the pass found. */
export interface BallotPassResult<E> {
  readonly ballots: number;
  readonly selections: number;
  readonly contests: number;
  readonly findings: StepFinding[];
  readonly tally: EncryptedTally<E>;
  /** The challenged ballots' ciphertexts, packed (./challenged-set.ts), in the order of the chunks' results. */
  readonly challenged: ChallengedSet;
  /** The ranked rows whose membership was left to step B (`opts.deferRanked`). */
  readonly deferred: DeferredRows;
}

type Runner = { run(chunk: Chunk): Promise<ChunkResult>; close(): Promise<void> };

function threadRunner<E>(ctx: EvidentContext<E>): Runner {
  return { run: async (chunk) => checkChunk(ctx, chunk), close: async () => {} };
}

/** `checkChunkTask` of verify-worker.ts on `pool`; closes the pool at the end only if `owned`. */
function poolRunner(pool: VerifyPool, owned: boolean): Runner {
  return {
    run: (chunk) => pool.run<ChunkResult>(chunk, 'checkChunkTask'),
    close: async () => {
      if (owned) await pool.close();
    },
  };
}

const CODE = /"code"\s*:\s*"([0-9A-F]{64})"/;

/**
 * Runs the pass over `dir`.
 * @throws {RecordReadError} when devices.json is missing, malformed or off-schema
 */
export async function runBallotPass<E>(
  dir: string,
  ctx: EvidentContext<E>,
  opts: BallotPassOptions,
): Promise<BallotPassResult<E>> {
  const { G } = ctx;
  const findings: StepFinding[] = [];
  const fail = (step: string, check: string, where: string, message: string) =>
    findings.push({ step, check, where, message });
  // devices.json is read device by device, here and below (a device per voter: 100+ MB)
  let totalBytes = 0;
  // the total, for progress only: a stat per file is not free when there is a file per voter
  if (opts.onProgress) {
    for (const d of readDevices(dir)) {
      const p = join(dir, ballotFile(d.label));
      if (existsSync(p)) totalBytes += statSync(p).size;
    }
  }

  const pool = opts.pool ?? startVerifyPool(ctx, opts.workers, opts.workerHeapMb ?? 128);
  const runner = pool ? poolRunner(pool, !opts.pool) : threadRunner(ctx);
  const maxInFlight = pool ? pool.threads * IN_FLIGHT_PER_WORKER : 1;
  const chunkSize = opts.chunkSize ?? CHUNK_BALLOTS;
  const chunkChars = opts.chunkChars ?? 2 << 20;
  const inFlight = new Set<Promise<void>>();
  const codes = createCodeIndex();
  // 7.C: a repeated code and the place of its first occurrence, named once the pass is over
  const repeated: { where: string; first: CodePlace }[] = [];
  // 7.H: the labels of devices.json (32 bytes each), for the files of no device listed
  const listed = byteKeyTable();
  const tally = createTallyAccumulator(G, ctx.index);
  const challenged = challengedSetBuilder();
  const deferred = deferredRowsTable();
  let ballots = 0;
  let selections = 0;
  let contests = 0;
  let bytes = 0;

  /**
   * `bases[k]`: the code-index ordinal of line 1 of the device of `chunk.segments[k]`, `devs[k]`
   * that device's index in devices.json.
   */
  const merge = (
    chunk: Chunk,
    seq: number,
    bases: readonly number[],
    devs: readonly number[],
    r: ChunkResult,
  ): void => {
    opts.lines?.add(seq, r.lines ?? []);
    ballots += r.ballots;
    selections += r.selections;
    contests += r.contests;
    findings.push(...r.findings);
    // r.codes has one entry per line, in segment and line order
    let i = 0;
    chunk.segments.forEach((s, k) => {
      for (const line of s.lines) {
        const c = r.codes[i++];
        if (!c) continue;
        const first = codes.add(c, bases[k]!, line.lineNo);
        if (first !== undefined) repeated.push({ where: `${s.file}:${line.lineNo}`, first });
      }
    });
    mergeTally(G, tally, r.tally);
    for (const c of r.challenged) challenged.add(c);
    if (r.deferred.length > 0) {
      const places = chunk.segments.flatMap((s, k) => s.lines.map((l) => [devs[k]!, l.lineNo] as const));
      for (const x of r.deferred) deferred.add(...places[x.line]!, x.contest, x.digest);
    }
  };
  let chunks = 0;
  const submit = async (chunk: Chunk, bases: readonly number[], devs: readonly number[]): Promise<void> => {
    const seq = chunks++;
    const p: Promise<void> = runner.run(chunk).then((r) => merge(chunk, seq, bases, devs, r));
    inFlight.add(p);
    // a failure reaches the caller through Promise.race / Promise.all, not as an unhandled rejection
    p.finally(() => inFlight.delete(p)).catch(() => {});
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  };
  // the chunk being filled: segments of one or more devices, `filled` ballots and `filledChars`
  // characters in all
  let segments: Segment[] = [];
  let bases: number[] = [];
  let devs: number[] = [];
  let filled = 0;
  let filledChars = 0;
  const flush = async (): Promise<void> => {
    if (segments.length === 0) return;
    const chunk: Chunk = {
      segments,
      ...(opts.lines ? { board: true } : {}),
      ...(opts.deferRanked ? { deferRanked: opts.deferRanked } : {}),
    };
    const b = bases;
    const dv = devs;
    segments = [];
    bases = [];
    devs = [];
    filled = 0;
    filledChars = 0;
    await submit(chunk, b, dv);
    opts.onProgress?.(bytes, totalBytes);
  };

  try {
    let i = -1;
    for (const d of readDevices(dir)) {
      i++;
      const before = listed.size;
      if (listed.intern(labelKey(d.label)) < before)
        fail('7', '7.H', `${DEVICES_FILE} devices[${i}].label`, `device "${d.label}" is listed twice`);
      const file = ballotFile(d.label);
      const path = join(dir, file);
      const fileLines = ballotFileLines(path);
      if (!fileLines) {
        fail('7', '7.H', file, `ballot file of device "${d.label}" is missing`);
        continue;
      }
      const base = codes.openDevice(i);
      opts.lines?.openDevice(i);
      let prevCode: string | null = initialCodeHex(ctx.hE, d.label);
      let lines: { lineNo: number; text: string }[] = [];
      let last: string | null = prevCode;
      let lastLineNo = 0;
      for await (const line of fileLines) {
        bytes += line.text.length + 1;
        filledChars += line.text.length;
        lastLineNo = line.lineNo;
        lines.push(line);
        if (filled + lines.length >= chunkSize || filledChars >= chunkChars) {
          last = CODE.exec(lines[lines.length - 1]!.text)?.[1] ?? null;
          segments.push({ device: d.label, file, lines, prevCode });
          bases.push(base);
          devs.push(i);
          prevCode = last;
          lines = [];
          await flush();
        }
      }
      codes.closeDevice(lastLineNo);
      opts.lines?.closeDevice(lastLineNo);
      if (lines.length > 0) {
        // the file's tail waits in the chunk for the next files' ballots
        last = CODE.exec(lines[lines.length - 1]!.text)?.[1] ?? null;
        segments.push({ device: d.label, file, lines, prevCode });
        bases.push(base);
        devs.push(i);
        filled += lines.length;
      }
      // 7.F, 7.G: the chain closes on the last ballot of the file
      const at = `${DEVICES_FILE} devices[${i}].closingHash`;
      if (last === null) fail('7', '7.F', at, 'the last ballot of the device is unreadable');
      else if (
        !bytesEqual(chainClosingCode(ctx.hE, fromHex(last), deviceAux0(d.label)), fromHex(d.closingHash))
      ) {
        fail('7', '7.G', at, `closing hash does not match the last ballot of ${file}`);
      }
    }
    await flush();
    await Promise.all(inFlight);
    opts.onProgress?.(totalBytes, totalBytes);
  } finally {
    await runner.close();
  }
  filesOfNoDevice(dir, listed, fail);
  nameRepeatedCodes(dir, repeated, fail);
  return {
    ballots,
    selections,
    contests,
    findings,
    tally: tally.result(),
    challenged: challenged.done(),
    deferred,
  };
}

function mergeTally<E>(
  G: Group<E>,
  acc: ReturnType<typeof createTallyAccumulator<E>>,
  t: ChunkResult['tally'],
): void {
  acc.merge({
    castBallots: t.castBallots,
    contests: Object.entries(t.contests).map(([label, sels], i) => ({
      label,
      index: i + 1,
      selections: sels.map(([a, b]) => ({
        label: '',
        ciphertext: { alpha: elementFromJson(G, a, 'tally'), beta: elementFromJson(G, b, 'tally') },
      })),
    })),
  });
}

type Fail = (step: string, check: string, where: string, message: string) => void;

/** 7.H: every ballot file is of a device listed in devices.json (the folder read entry by entry). */
function filesOfNoDevice(dir: string, listed: ByteKeyTable, fail: Fail): void {
  if (!existsSync(join(dir, BALLOTS_DIR))) return;
  const folder = opendirSync(join(dir, BALLOTS_DIR));
  try {
    for (let e = folder.readSync(); e !== null; e = folder.readSync()) {
      const f = e.name;
      if (!f.endsWith('.jsonl') || listed.find(labelKey(f.slice(0, -6))) < 0)
        fail('7', '7.H', `${BALLOTS_DIR}/${f}`, 'file of no device listed in devices.json');
    }
  } finally {
    folder.closeSync();
  }
}

/** 7.C: each repeated code, with the file and line of its first occurrence. */
function nameRepeatedCodes(
  dir: string,
  repeated: readonly { where: string; first: CodePlace }[],
  fail: Fail,
): void {
  if (repeated.length === 0) return;
  const wanted = new Set(repeated.map((r) => r.first.device));
  const files = new Map<number, string>();
  let i = 0;
  for (const d of readDevices(dir)) {
    if (wanted.has(i)) files.set(i, ballotFile(d.label));
    i++;
  }
  for (const r of repeated)
    fail(
      '7',
      '7.C',
      r.where,
      `duplicate confirmation code, also at ${files.get(r.first.device)}:${r.first.lineNo}`,
    );
}
