#!/usr/bin/env node
/**
 * `npm run bench:sheet-latency [-- --stations 10 --viewers 4 --json]` (spec/stations.md §11,
 * spec/server-api.md §12.3): how long after a tally sheet is accepted a viewer of the results
 * stream sees it (target ≤ 1 s); the measurement is `sheet-latency.ts`.
 * Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { runSheetLatency } from './sheet-latency.js';

const count = (max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`an integer in [1, ${max}]`);
  return n;
};

await new Command()
  .name('bench:sheet-latency')
  .description('time from a tally sheet accepted to its station-sheet event in the results stream')
  .option('--stations <n>', 'polling stations, one sheet each', count(500), 10)
  .option('--viewers <n>', 'clients of the results stream', count(200), 4)
  .option('--json', 'print the report as JSON')
  .action(async (o: { stations: number; viewers: number; json?: boolean }) => {
    try {
      const r = await runSheetLatency({ ...o, log: (s) => process.stderr.write(`${s}\n`) });
      if (o.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else
        process.stdout.write(
          `${r.stations} sheets, ${r.viewers} stream viewers\n` +
            `submitted → accepted  ms median ${r.acceptMs.median}  p95 ${r.acceptMs.p95}  max ${r.acceptMs.max}\n` +
            `accepted → in stream  ms median ${r.visibleMs.median}  p95 ${r.visibleMs.p95}  max ${r.visibleMs.max}` +
            `  (target ≤ ${r.targetMs}: ${r.withinTarget ? 'met' : 'NOT met'})\n`,
        );
    } catch (e) {
      process.stderr.write(`bench:sheet-latency: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  })
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
  .parseAsync();
