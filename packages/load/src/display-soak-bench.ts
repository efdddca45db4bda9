#!/usr/bin/env node
/**
 * `npm run bench:display-soak [-- --minutes 10 --rate 20 --json]` (spec/server-api.md §12.5):
 * the results display in Chromium for N minutes on an accelerated synthetic feed, with
 * reconnections, reporting the page's JS heap and DOM nodes over time (display-soak-session.ts).
 * Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { runDisplaySoakSession } from './display-soak-session.js';

const positive = (max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(`a number in (0, ${max}]`);
  return n;
};

await new Command()
  .name('bench:display-soak')
  .description("the results display's memory over a long, accelerated run in Chromium")
  .option('--minutes <n>', 'how long to run', positive(24 * 60), 1)
  .option('--rate <n>', 'results snapshots a second', positive(1000), 20)
  .option('--reconnect-every <n>', 'snapshots between two reconnections', positive(1e9), 600)
  .option('--sample-seconds <n>', 'seconds between two samples of the heap', positive(3600), 30)
  .option('--chromium <path>', 'the browser (default EVIDENT_CHROMIUM or /usr/bin/chromium)')
  .option('--json', 'print the report as JSON')
  .action(
    async (o: {
      minutes: number;
      rate: number;
      reconnectEvery: number;
      sampleSeconds: number;
      chromium?: string;
      json?: boolean;
    }) => {
      try {
        const r = await runDisplaySoakSession({ ...o, log: (s) => process.stderr.write(`${s}\n`) });
        if (o.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else
          process.stdout.write(
            `${r.minutes} min, ${r.events} snapshots, ${r.reconnects} reconnections\n` +
              `seconds  events  heap MB  nodes  listeners\n` +
              r.samples
                .map(
                  (s) =>
                    `${String(s.seconds).padStart(7)}  ${String(s.events).padStart(6)}  ${s.heapUsedMB.toFixed(2).padStart(7)}  ${String(s.nodes).padStart(5)}  ${s.listeners}`,
                )
                .join('\n') +
              `\nheap MB start ${r.heap.startMB.toFixed(2)}, end ${r.heap.endMB.toFixed(2)}, max ${r.heap.maxMB.toFixed(2)}, slope ${r.heap.slopeMBPerMinute.toFixed(4)} MB/min; DOM nodes start ${r.nodes.start}, end ${r.nodes.end}, max ${r.nodes.max}\n`,
          );
      } catch (e) {
        process.stderr.write(`bench:display-soak: ${(e as Error).message}\n`);
        process.exitCode = 2;
      }
    },
  )
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
  .parseAsync();
