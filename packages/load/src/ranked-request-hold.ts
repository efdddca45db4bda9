/**
 * `npm run bench:ranked-request-hold [-- --rows 300000 --w 3 --rounds 2 --workers 1]`: how long
 * the write of the mix stage that completes the mix holds the server's single writer, the former
 * way and now, alternated in one process (same machine, same load), on a real app (SQLite file,
 * the writer's real commits) with one ranked contest of N rows of w ciphertexts (ristretto255):
 * - `in-job` (before): the writer job hashes the `ranked` request (`rankedRequestDigest` over the
 *   stage's `outputs.bin`, 1 MiB chunks, as the job did) and appends the entry;
 * - `off-writer` (now, spec/mixnet.md §8.8): the digest computed first, as a `ranked-request` task
 *   of the app's verifier (the worker pool with `--workers` ≥ 1, as the server runs by default;
 *   inline with 0), then the job checks the mix (`requestToPost`) and appends the same entry.
 * Each run reports the job's hold (its plan's wall time in the writer), the latency of a small
 * write submitted while the request is being hashed (a cast's lot: it waits for the writer), the
 * event loop's longest stall (a 1 ms interval's lateness) and the process's CPU seconds; the
 * two ways' digests must be equal. One JSON document on stdout.
 * @module
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { buildApp, inlineVerifier, workerVerifier } from '@evident/server';
import {
  injectCall,
  rankedRequestDigest,
  requestToPost,
  setUpElection,
  type RankedState,
} from '@evident/server/testing';
import { encrypt, publicKey, randomScalar, ristretto } from '@evident/e2e-crypto';
import { rowsBytes } from '@evident/e2e-crypto/mixnet-parallel';
import { fileChunks } from '@evident/record';

const G = ristretto;
const ADMIN = 'evd_bench-ranked-request-hold';
const CEREMONY = 'AB'.repeat(32);
const MAX_VALUE = 5;
const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a non-negative integer');
  return n;
};
const o = new Command()
  .name('bench:ranked-request-hold')
  .option('--rows <n>', 'rows of the contest', int, 300_000)
  .option('--w <n>', 'ciphertexts per row', int, 3)
  .option('--rounds <n>', 'runs of each way, alternated', int, 2)
  .option('--workers <n>', "the app's worker threads (0: inline verifier)", int, 1)
  .option('--dir <path>', 'where the store and the outputs are written', tmpdir())
  .parse()
  .opts<{ rows: number; w: number; rounds: number; workers: number; dir: string }>();

/** An outputs.bin of N rows of w ciphertexts (4096 distinct rows repeated). */
function outputsFile(path: string, N: number, w: number): void {
  const pk = publicKey(G, G.gExp(randomScalar(G.q)));
  const n = Math.min(N, 4096);
  const block = rowsBytes(
    G,
    Array.from({ length: n }, (_, i) => Array.from({ length: w }, (_, k) => encrypt(G, pk, (i + k) % 10))),
  );
  const rowB = block.length / n;
  for (let a = 0; a < N; a += n) appendFileSync(path, block.subarray(0, Math.min(n, N - a) * rowB));
}

/** The event loop's longest stall while `f` runs: a 1 ms interval's worst lateness. */
async function stalls<T>(f: () => Promise<T>): Promise<{ value: T; maxStallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const t = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  try {
    return { value: await f(), maxStallMs: Math.round(worst) };
  } finally {
    clearInterval(t);
  }
}

const work = mkdtempSync(join(o.dir, 'evident-ranked-hold-'));
try {
  const outputs = join(work, 'outputs.bin');
  outputsFile(outputs, o.rows, o.w);
  const app = await buildApp({
    dbPath: join(work, 'server.db'),
    durability: 'normal',
    adminToken: ADMIN,
    rateLimit: false,
    verifier: o.workers > 0 ? workerVerifier(o.workers) : inlineVerifier(),
  });
  const ctx = app.evident;
  const el = await setUpElection(injectCall(app), ADMIN, { id: 'bench', voters: 1, n: 2, k: 2 });
  const part = { contestId: 'mayor', logIndex: -1, rows: o.rows, w: o.w };
  const state: RankedState = {
    required: 2,
    contests: { mayor: { inputsIndex: 0, rows: o.rows, stages: [{ logIndex: 3, x: 1, id: 'guardian-1' }] } },
  };
  const probe = () =>
    ctx.writer
      .submit((tx) => tx.append(el.id, 'bench-probe', { time: ctx.now() }))
      .then(() => performance.now());

  /** One way: the writer job's hold, a write's wait meanwhile, the loop's stall, CPU seconds. */
  async function run(way: string) {
    const c0 = process.cpuUsage();
    let hold = 0;
    let probeLatency = 0;
    let digest = '';
    const post = (
      d: { digest: string; items: number },
      inJob?: () => Promise<{ digest: string; items: number }>,
    ) =>
      ctx.writer.submit(async (tx) => {
        const t0 = performance.now();
        const r = inJob ? await inJob() : d;
        if (!inJob)
          requestToPost(state, 'mayor', { contestId: 'mayor', parts: [part], maxValue: MAX_VALUE, ...d });
        tx.append(el.id, 'bench-request', { ...r, contests: [{ ...part, logIndex: 4 }], time: ctx.now() });
        hold = performance.now() - t0;
        digest = r.digest;
      });
    const { maxStallMs } = await stalls(async () => {
      const sent = performance.now();
      let probed: Promise<number>;
      if (way === 'in-job') {
        let started: () => void = () => {};
        const inJobStarted = new Promise<void>((ok) => (started = ok));
        const job = post({ digest: '', items: 0 }, async () => {
          started();
          await new Promise((ok) => setImmediate(ok));
          return rankedRequestDigest(CEREMONY, MAX_VALUE, [part], G.elementLength, () => fileChunks(outputs));
        });
        await inJobStarted;
        const at = performance.now();
        probed = probe().then((t) => t - at);
        await job;
      } else {
        const hashing = ctx.verifier.checkUpload({
          round: 'ranked-request',
          task: {
            ceremonyId: CEREMONY,
            maxValue: MAX_VALUE,
            L: G.elementLength,
            parts: [part],
            files: [outputs],
          },
        });
        const at = performance.now();
        probed = probe().then((t) => t - at);
        const d = await hashing;
        if (!('digest' in d)) throw new Error(d.message);
        await post(d);
      }
      probeLatency = await probed;
      return performance.now() - sent;
    });
    const c = process.cpuUsage(c0);
    return {
      way,
      writerHoldMs: Math.round(hold * 100) / 100,
      writeWaitMs: Math.round(probeLatency * 100) / 100,
      maxStallMs,
      cpuS: Math.round((c.user + c.system) / 1e4) / 100,
      digest,
    };
  }

  const runs: Awaited<ReturnType<typeof run>>[] = [];
  for (let r = 0; r < o.rounds; r++) for (const way of ['in-job', 'off-writer']) runs.push(await run(way));
  await app.close();
  if (new Set(runs.map((r) => r.digest)).size !== 1) throw new Error('the two ways give different digests');
  const mean = (way: string, k: 'writerHoldMs' | 'writeWaitMs') => {
    const xs = runs.filter((r) => r.way === way).map((r) => r[k]);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'ranked-request-hold',
        group: G.name,
        rows: o.rows,
        w: o.w,
        items: o.rows * o.w,
        workers: o.workers,
        runs,
        holdRatio: Math.round(mean('in-job', 'writerHoldMs') / mean('off-writer', 'writerHoldMs')),
        writeWaitRatio: Math.round(mean('in-job', 'writeWaitMs') / mean('off-writer', 'writeWaitMs')),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
