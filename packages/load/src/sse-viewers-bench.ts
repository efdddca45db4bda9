#!/usr/bin/env node
/**
 * `npm run bench:sse-viewers [-- --viewers 1000 --sheets 10 --json]` (spec/server-api.md §12.5):
 * V viewers of the results stream on one `evident-server` process, then one tally sheet per
 * station: the server's CPU and RSS, and the delivery latency to every viewer; the measurement
 * is `sse-viewers.ts`. Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { runSseViewers } from './sse-viewers.js';

const count = (max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`an integer in [1, ${max}]`);
  return n;
};

await new Command()
  .name('bench:sse-viewers')
  .description('many viewers of the results stream on one server: CPU, RSS and delivery latency of sheets')
  .option('--viewers <n>', 'clients of the results stream', count(10_000), 1000)
  .option('--sheets <n>', 'tally sheets sent, one per station', count(200), 10)
  .option('--json', 'print the report as JSON')
  .action(async (o: { viewers: number; sheets: number; json?: boolean }) => {
    try {
      const r = await runSseViewers({ ...o, log: (s) => process.stderr.write(`${s}\n`) });
      if (o.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        const q = (x: { median: number; p95: number; max: number }) =>
          `median ${x.median}  p95 ${x.p95}  max ${x.max}`;
        process.stdout.write(
          `${r.viewers} viewers from ${r.clientAddresses} loopback addresses, ${r.sheets} sheets\n` +
            `open-file limits: server ${r.limits.serverOpenFiles}, bench ${r.limits.benchOpenFiles}; streams per address ≤ ${r.limits.streamsPerAddress}\n` +
            `all streams open in ${r.connectSeconds} s\n` +
            `server RSS MB: idle ${r.serverRssMB.idle}, with viewers ${r.serverRssMB.withViewers}, after the sheets ${r.serverRssMB.afterSheets}\n` +
            `server CPU: ${r.serverCpu.msPerSheet} ms per sheet, ${(r.serverCpu.coreShare * 100).toFixed(1)} % of a core\n` +
            `accepted → event, every viewer  ms ${q(r.deliveryMs)}\n` +
            `accepted → event, slowest viewer ms ${q(r.slowestViewerMs)}\n` +
            `accepted → its snapshot, every viewer ms ${q(r.snapshotMs)}\n` +
            `broke: ${r.broke.refused} refused, ${r.broke.socketErrors} socket errors, ${r.broke.closedEarly} closed early, ${r.broke.missedEvents} events missed; server streams ${JSON.stringify(r.broke.serverStreams)}\n`,
        );
      }
    } catch (e) {
      process.stderr.write(`bench:sse-viewers: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  })
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
  .parseAsync();
