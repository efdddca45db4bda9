/**
 * CPU per row of a ranked contest's per-row checks on a real record (`npm run bench -- --only
 * ranked-rows`), a chunk of rows at a time with a batch per chunk, as a verifier's worker does:
 * step B (each ballot decoded, `rankedBallotFromJson`, and its proofs added to the chunk's batch,
 * `verifyRankedBallot`, then the batch checked) and step D (the chunk's decryptions decoded,
 * `rowDecryptionsFromJson`, checked against the last mix stage's rows,
 * `thresholdRowDecryptionVerifier`, and read, `readRankedRows`). CPU seconds of this thread
 * (`process.cpuUsage`) per row, the median of the runs, and the same per variable-base
 * exponentiation of the same run (a ratio that the machine's load and speed do not change).
 *
 * The record is read, never written: `EVIDENT_RANKED_ROWS_RECORD` (default the bench cache's
 * 10,000-voter demo record; the last stage's outputs are read from mix-chain/), `EVIDENT_RANKED_ROWS_CONTEST` (mayor), `EVIDENT_RANKED_ROWS_CHUNK`
 * (512 rows), `EVIDENT_RANKED_ROWS_RUNS` (3), `EVIDENT_RANKED_ROWS_LIMIT` (rows, default all).
 * No record there: one note, no rows. Node only.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementFromJson, hexFromJson } from '../codec/hex-json.js';
import { type PublicKey, publicKey } from '../elgamal/elgamal.js';
import { type RistrettoPoint, ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { type BenchSuite, cpuSeconds, envInt } from '../mixnet/bench-suite.js';
import { readRows } from '../mixnet/stream/shuffle-io.js';
import { thresholdRowDecryptionVerifier } from '../mixnet/threshold-decryption.js';
import { createBatch } from '../proofs/batch.js';
import type { BenchRow } from '../bench-types.js';
import { rankedBallotFromJson, rowDecryptionsFromJson } from './codec.js';
import { type RankedContest, rankedLayout, verifyRankedBallot } from './ranked-ballot.js';
import { readRankedRows } from './read-rows.js';

const DEFAULT_RECORD = '/tmp/evident-bench-cache/demo-v1-10000-voters';
const G = ristretto;
const median = (x: readonly number[]): number => [...x].sort((a, b) => a - b)[x.length >> 1]!;
const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** CPU seconds of each phase of one pass over the rows. */
type Phases = Record<string, number>;

/** One pass of step B over `ballots`, `chunk` at a time. @throws {Error} when a ballot fails */
function stepB(
  contest: RankedContest,
  hE: Uint8Array,
  pk: PublicKey<RistrettoPoint>,
  ballots: unknown[],
  chunk: number,
): Phases {
  const t = { decode: 0, verify: 0 };
  for (let s = 0; s < ballots.length; s += chunk) {
    const c0 = cpuSeconds();
    const part = ballots.slice(s, s + chunk).map((b, i) => rankedBallotFromJson(G, b, `ballots[${s + i}]`));
    const c1 = cpuSeconds();
    const batch = createBatch(G);
    for (const b of part)
      if (verifyRankedBallot(G, pk, hE, contest, b, batch).length) throw new Error('B fails');
    if (!batch.check()) throw new Error('ranked-rows: a batch of step B fails');
    t.decode += c1 - c0;
    t.verify += cpuSeconds() - c1;
  }
  return t;
}

/** One pass of step D over the last stage's `rows` and the decryptions' JSON rows. */
function stepD(
  contest: RankedContest,
  ctx: { K: RistrettoPoint; hE: Uint8Array },
  rows: ReturnType<typeof readRows<RistrettoPoint>>,
  decs: unknown[],
  chunk: number,
): Phases {
  const t = { decode: 0, verify: 0, read: 0 };
  const verify = thresholdRowDecryptionVerifier(G, ctx);
  for (let s = 0; s < rows.length; s += chunk) {
    const c0 = cpuSeconds();
    const d = rowDecryptionsFromJson(G, decs.slice(s, s + chunk), 'rows');
    const c1 = cpuSeconds();
    if (verify(rows.slice(s, s + chunk), d).length) throw new Error('ranked-rows: step D fails');
    const c2 = cpuSeconds();
    readRankedRows(G, ctx.K, contest, d);
    const c3 = cpuSeconds();
    t.decode += c1 - c0;
    t.verify += c2 - c1;
    t.read += c3 - c2;
  }
  return t;
}

export const rankedRowsSuite: BenchSuite = {
  name: 'ranked-rows',
  description:
    "a ranked contest's per-row checks (B: ballots' proofs, D: decryptions) on a record, CPU per row",
  async run() {
    const record = process.env.EVIDENT_RANKED_ROWS_RECORD ?? DEFAULT_RECORD;
    const id = process.env.EVIDENT_RANKED_ROWS_CONTEST ?? 'mayor';
    const chunk = envInt('EVIDENT_RANKED_ROWS_CHUNK', 512, 1);
    const runs = envInt('EVIDENT_RANKED_ROWS_RUNS', 3, 1);
    const dir = join(record, 'ranked', id);
    if (!existsSync(join(dir, 'inputs.json')))
      return { rows: [], notes: [`no record at ${dir} (set EVIDENT_RANKED_ROWS_RECORD)`] };
    const init = json(join(record, 'election-initialized.json')) as Record<string, unknown>;
    const K = elementFromJson(G, init.jointKey, 'jointKey');
    const hE = hexFromJson(init.extendedBaseHash, 'extendedBaseHash', 32);
    const inputs = json(join(dir, 'inputs.json')) as { contest: RankedContest; ballots: unknown[] };
    const limit = envInt('EVIDENT_RANKED_ROWS_LIMIT', inputs.ballots.length, 1);
    const ballots = inputs.ballots.slice(0, limit);
    const w = rankedLayout(G, inputs.contest).width;
    const chain = json(join(dir, 'mix-chain', 'chain.json')) as { stages: unknown[] };
    const lastStage = join(dir, 'mix-chain', `stage-${chain.stages.length - 1}`, 'outputs.bin');
    const last = readRows(G, lastStage, w).slice(0, limit);
    const decs = ((json(join(dir, 'decryptions.json')) as { rows: unknown[] }).rows ?? []).slice(0, limit);
    const pk = publicKey(G, K);
    // the raw rate of this run: a variable-base exponentiation
    const base = G.gExp(randomScalar(G.q));
    let exps = 0;
    const e0 = cpuSeconds();
    while (cpuSeconds() - e0 < 0.5 || exps < 100)
      for (let i = 0; i < 20; i++, exps++) G.exp(base, randomScalar(G.q));
    const expUs = ((cpuSeconds() - e0) / exps) * 1e6;
    stepB(inputs.contest, hE, pk, ballots.slice(0, chunk), chunk); // warm-up: tables, JIT
    stepD(inputs.contest, { K, hE }, last.slice(0, chunk), decs.slice(0, chunk), chunk);
    const b: Phases[] = [];
    const d: Phases[] = [];
    for (let r = 0; r < runs; r++) {
      b.push(stepB(inputs.contest, hE, pk, ballots, chunk));
      d.push(stepD(inputs.contest, { K, hE }, last, decs, chunk));
    }
    const rows: BenchRow[] = [];
    const row = (step: string, phases: Phases[], n: number) => {
      for (const phase of [...Object.keys(phases[0]!), 'total']) {
        const per = phases.map((p) =>
          phase === 'total' ? Object.values(p).reduce((x, y) => x + y, 0) : p[phase]!,
        );
        const us = (median(per) / n) * 1e6;
        rows.push({ step, phase, rows: n, chunk, cpuUsPerRow: us, perExp: us / expUs });
      }
    };
    row('B', b, ballots.length);
    row('D', d, last.length);
    return {
      rows,
      notes: [
        `contest ${id} (width ${w}), ${runs} runs, medians; a variable-base exponentiation took ${expUs.toFixed(1)} CPU-µs in this run (perExp = cpuUsPerRow / that)`,
      ],
    };
  },
};
