/**
 * The streamed shuffle prover (spec/mixnet.md §7.4): shuffles the N rows of a file of
 * ciphertexts and proves it, writing the outputs and the proof's per-row vectors to files, with
 * the work split into chunks of rows for the worker threads of the one pool. The proof is the
 * Terelius–Wikström proof of §4 byte for byte (same hashes, same equations): only where values
 * live changes. Memory is O(chunk · in-flight + N · 4 bytes for π), not O(N) objects.
 *
 * The witness is never held as lists: π as a Uint32Array, and every secret scalar (r, rc, r̂, ω̂,
 * ω') as a ChaCha20 stream under one key from the CSPRNG (./witness-stream.ts), recomputed by
 * the worker that needs a row's values. Passes: (1) outputs, c, the chunk factors of t_3 and t_4;
 * hashes ρ, τ over the files; (2) the chain ĉ, t̂ (R_i, P_i advanced here, chunk by chunk);
 * hash c; (3) the responses. Node only.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync, writeFileSync, ftruncateSync } from 'node:fs';
import { bigintToBytes, bytesToBigint, concatBytes } from '../../bytes.js';
import type { Ciphertext, PublicKey } from '../../elgamal/elgamal.js';
import type { Group } from '../../group/group.js';
import { mod } from '../../group/scalar.js';
import { encodeElement } from '../encoding-cache.js';
import { generatorSeed } from '../generators.js';
import type { TaskRunner } from '../parallel/pool.js';
import { randomScalars } from '../random-scalars.js';
import { randomPermutation } from '../shuffle.js';
import { chunkRanges, forChunks, rowsPerChunk } from './chunks.js';
import { headPath, recordBytes } from './shuffle-files.js';
import { headToJson, type StreamProofHead } from './stream-head.js';
import { challengeSeedOfFile, finalChallengeOfFiles, statementHashOfFiles } from './stream-hash.js';
import type { ShufflePaths, StreamResults, StreamTask } from './stream-task-types.js';
import { challengesAt, STREAM, streamScalars } from './witness-stream.js';

/** Options of {@link shuffleAndProveStream}. */
export interface StreamProveOptions {
  /** rows per task (default 4096, fewer for small N so that every thread gets two) */
  readonly chunkRows?: number;
}

/** Creates (or empties) `path` and sets its length. */
function sized(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Shuffles the rows of `paths.inputs` (N rows of w ciphertexts, §7.4 layout) and proves it;
 * writes outputs, c, ĉ, t̂, ŝ, s' to their paths and the head to `proof-head.json` in `dir`.
 * @throws {RangeError} when the shape or the inputs file is wrong, or the session is not 32 bytes
 * @throws {Error} "shuffleAndProveStream: …" when a task fails (an input row is not a group element,
 *   a worker died); the files are then incomplete and must be discarded
 */
export async function shuffleAndProveStream<E>(
  runner: TaskRunner,
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  paths: ShufflePaths,
  dir: string,
  N: number,
  w: number,
  opts: StreamProveOptions = {},
): Promise<StreamProofHead<E>> {
  if (!Number.isSafeInteger(N) || N < 1 || !Number.isSafeInteger(w) || w < 1 || N * w >= 2 ** 32)
    throw new RangeError('shuffleAndProveStream: N and w must be positive integers with N·w < 2^32');
  if (!(session instanceof Uint8Array) || session.length !== 32)
    throw new RangeError('shuffleAndProveStream: session must be 32 bytes');
  const L = G.elementLength;
  const rowB = recordBytes('inputs', L, w);
  if (statSync(paths.inputs).size !== N * rowB)
    throw new RangeError(`shuffleAndProveStream: ${paths.inputs} must hold ${N} rows of ${rowB} bytes`);
  sized(paths.outputs, N * rowB);
  for (const f of ['c', 'cHat', 'tHat'] as const) sized(paths[f], N * L);
  for (const f of ['sHat', 'sPrime'] as const) sized(paths[f], 32 * N);
  const stream = runner.stream?.bind(runner);
  if (!stream) throw new RangeError('shuffleAndProveStream: the runner cannot run stream tasks');
  const key = new Uint8Array(randomBytes(32));
  const pi = Uint32Array.from(randomPermutation(N));
  try {
    return await prove(stream, G, pk, session, paths, dir, N, w, key, pi, runner.threads, opts);
  } catch (e) {
    throw new Error(`shuffleAndProveStream: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    key.fill(0);
    pi.fill(0);
  }
}

type Run = <T extends StreamTask>(t: T) => Promise<StreamResults[T['kind']]>;

async function prove<E>(
  run: Run,
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  paths: ShufflePaths,
  dir: string,
  N: number,
  w: number,
  key: Uint8Array,
  pi: Uint32Array,
  threads: number,
  opts: StreamProveOptions,
): Promise<StreamProofHead<E>> {
  const q = G.q;
  const L = G.elementLength;
  const seed = generatorSeed(session);
  const Kbytes = encodeElement(G, pk.K);
  const ranges = chunkRanges(N, rowsPerChunk(N, threads, opts.chunkRows));
  const inFlight = Math.max(2, 2 * threads);
  const base = { group: G.name, paths, N, w };

  // pass 1: S1, P2, parts of t_3 and t_4
  let t3 = G.one;
  const t4p: E[] = Array.from({ length: 2 * w }, () => G.one);
  await forChunks(
    ranges,
    inFlight,
    ([a, b]) =>
      run({
        ...base,
        kind: 'prove-rows',
        from: a,
        count: b - a,
        K: Kbytes,
        seed,
        pi: pi.slice(a, b),
        secret: key.slice(),
      }),
    (res) => {
      t3 = G.mul(t3, G.decode(res.t3, 't3'));
      for (let k = 0; k < 2 * w; k++)
        t4p[k] = G.mul(t4p[k]!, G.decode(res.t4.subarray(k * L, (k + 1) * L), 't4'));
    },
  );

  // P1, P3: ρ and τ over the files
  const rho = statementHashOfFiles(G, Kbytes, session, seed, N, w, paths.inputs, paths.outputs);
  const tau = challengeSeedOfFile(G, rho, N, paths.c);

  // pass 2: P4, P5; R_i, P_i advanced here chunk by chunk (scalars only)
  let R = 0n;
  let P = 1n;
  let sums = new Array<bigint>(2 + w).fill(0n);
  await forChunks(
    ranges,
    inFlight,
    ([a, b]) => {
      const secret = concatBytes(key, bigintToBytes(R, 32), bigintToBytes(P, 32));
      const task = {
        ...base,
        kind: 'prove-chain',
        from: a,
        count: b - a,
        seed,
        tau,
        pi: pi.slice(a, b),
        secret,
      } as const;
      const rHat = streamScalars(key, STREAM.rHat, a, b - a, q);
      const uP = challengesAt(tau, pi.subarray(a, b));
      for (let i = 0; i < b - a; i++) {
        R = mod(rHat[i]! + uP[i]! * R, q);
        P = mod(uP[i]! * P, q);
      }
      rHat.fill(0n);
      return run(task);
    },
    (res) => {
      sums = sums.map((s, x) => s + bytesToBigint(res.sums.subarray(32 * x, 32 * x + 32)));
    },
  );

  // P6: t_1..t_4; P7: the challenge over the files
  const [omega1, omega2, omega3, ...omega4] = randomScalars(q, 3 + w) as [
    bigint,
    bigint,
    bigint,
    ...bigint[],
  ];
  const t4: Ciphertext<E>[] = [];
  for (let k = 0; k < w; k++)
    t4.push({
      alpha: G.mul(G.gExp(q - omega4[k]!), t4p[2 * k]!),
      beta: G.mul(pk.pow(q - omega4[k]!), t4p[2 * k + 1]!),
    });
  const head0 = { t1: G.gExp(omega1), t2: G.gExp(omega2), t3: G.mul(G.gExp(omega3), t3), t4 };
  const tBytes = concatBytes(
    ...[head0.t1, head0.t2, head0.t3, ...t4.flatMap((t) => [t.alpha, t.beta])].map((x) => G.encode(x)),
  );
  const ch = finalChallengeOfFiles(G, tau, N, paths.cHat, tBytes, paths.tHat);

  // pass 3: P8
  const challenge = bigintToBytes(ch, 32);
  await forChunks(
    ranges,
    inFlight,
    ([a, b]) =>
      run({
        ...base,
        kind: 'prove-responses',
        from: a,
        count: b - a,
        tau,
        pi: pi.slice(a, b),
        challenge,
        secret: key.slice(),
      }),
    () => {},
  );
  const [sRc, sRcU, ...sR] = sums.map((s) => mod(s, q)) as [bigint, bigint, ...bigint[]];
  const head: StreamProofHead<E> = {
    N,
    w,
    ...head0,
    s1: mod(omega1 - ch * sRc, q),
    s2: mod(omega2 - ch * R, q),
    s3: mod(omega3 - ch * sRcU, q),
    s4: omega4.map((o, k) => mod(o - ch * sR[k]!, q)),
  };
  sums.fill(0n);
  R = 0n;
  writeFileSync(headPath(dir), JSON.stringify(headToJson(G, head)));
  return head;
}
