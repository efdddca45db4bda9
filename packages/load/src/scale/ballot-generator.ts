/**
 * The bulk ballot generator: ready request bodies for `count` voters, made in parallel by the one
 * worker pool (`@evident/e2e-crypto/worker-pool`) and written, in voter order, to a JSON-lines
 * file, so that a later casting run measures the server and not the client. Voter i chooses
 * option `i mod options` of contest c1, so the expected tally is known in advance.
 * @module
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createWorkerPool } from '@evident/e2e-crypto/worker-pool';
import type { ClientElection } from '@evident/server/testing';
import type { BallotTask } from './ballot-worker.js';

/** What {@link generateBallots} needs. */
export interface GenerateJob {
  readonly election: ClientElection;
  /** the voters' credential codes, in voter order */
  readonly codes: readonly string[];
  /** the JSON-lines file to write */
  readonly out: string;
  /** worker threads (default: every core) */
  readonly threads?: number;
  /** ballots per task (default 100) */
  readonly chunk?: number;
}

/** What {@link generateBallots} returns. */
export interface GenerateSummary {
  readonly ballots: number;
  readonly threads: number;
  readonly seconds: number;
  readonly ballotsPerSecond: number;
  readonly bytes: number;
}

/**
 * Generates the ballots of `job.codes` into `job.out`.
 * @throws {Error} when a worker fails or the file cannot be written
 */
export async function generateBallots(job: GenerateJob): Promise<GenerateSummary> {
  const chunk = Math.max(1, job.chunk ?? 100);
  const pool = createWorkerPool({
    worker: new URL('./ballot-worker.js', import.meta.url),
    workerData: job.election,
    ...(job.threads !== undefined ? { threads: job.threads } : {}),
  });
  const file = createWriteStream(job.out);
  const t0 = performance.now();
  let bytes = 0;
  try {
    const tasks: Promise<string>[] = [];
    const window = pool.threads * 4;
    let next = 0;
    const submit = (): void => {
      const from = next * chunk;
      if (from >= job.codes.length) return;
      next++;
      const codes = job.codes.slice(from, from + chunk);
      const task: BallotTask = { codes, choices: codes.map((_, i) => from + i) };
      tasks.push(pool.run<string>(task, 'prepare'));
    };
    for (let i = 0; i < window; i++) submit();
    // in order, with `window` tasks in flight: memory stays bounded whatever the count
    for (let k = 0; k < tasks.length; k++) {
      const text = await tasks[k]!;
      delete tasks[k];
      bytes += Buffer.byteLength(text);
      if (!file.write(text)) await once(file, 'drain');
      submit();
    }
    file.end();
    await once(file, 'finish');
  } finally {
    file.destroy();
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    ballots: job.codes.length,
    threads: pool.threads,
    seconds,
    ballotsPerSecond: job.codes.length / seconds,
    bytes,
  };
}
