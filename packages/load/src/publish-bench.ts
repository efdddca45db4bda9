/**
 * `npm run bench:publish [-- --voters N --rounds R]`: the main thread's share of publishing the
 * results (@evident/server's publication: round 2 combined, discrete logs, ranked count), in the
 * calling thread as the server had it and in the worker pool, alternately in one process
 * (`measurePublication` of @evident/server/testing). One JSON document on stdout: every run, and
 * per place the medians of the wall time, the main thread's busy time and its longest block.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { measurePublication, type PublicationRun } from '@evident/server/testing';

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};
const o = new Command()
  .name('bench:publish')
  .option('--voters <n>', 'voters who cast a ballot', int, 300)
  .option('--rounds <n>', 'runs in each place', int, 5)
  .parse()
  .opts<{ voters: number; rounds: number }>();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const r = await measurePublication(o);
const summary = (where: PublicationRun['where']) => {
  const runs = r.runs.filter((x) => x.where === where);
  return {
    wallMs: median(runs.map((x) => x.wallMs)),
    mainBusyMs: median(runs.map((x) => x.mainBusyMs)),
    longestBlockMs: median(runs.map((x) => x.longestBlockMs)),
  };
};
const inLoop = summary('in-loop');
const pool = summary('pool');
process.stdout.write(
  `${JSON.stringify(
    {
      ...r,
      median: { inLoop, pool },
      ratio: {
        mainBusy: inLoop.mainBusyMs / pool.mainBusyMs,
        longestBlock: inLoop.longestBlockMs / pool.longestBlockMs,
      },
    },
    null,
    2,
  )}\n`,
);
