#!/usr/bin/env node
/**
 * `npm run bench:sqlite-writer [-- --cast-rate 1050 --casts 3000 --read-rate 2000 --rounds 3 --json]`:
 * the SQLite store's batches written on the event loop or by the writer thread, alternated in
 * one process (./sqlite-writer-ab.ts). Prints every round and the medians per writer; one JSON
 * document with `--json`. Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { runSqliteWriterAb, type WriterRound } from './sqlite-writer-ab.js';

const int = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`an integer in [${min}, ${max}]`);
  return n;
};

await new Command()
  .name('bench:sqlite-writer')
  .description('SQLite batches written inline or by the writer thread, alternated, reads offered meanwhile')
  .option('--cast-rate <r>', 'casts per second offered', int(1, 100_000), 1050)
  .option('--casts <n>', 'casts per round', int(1, 10_000_000), 3000)
  .option('--entry-bytes <n>', "bytes of a ballot's log entry", int(1, 1_000_000), 3000)
  .option('--read-rate <r>', 'reads per second offered meanwhile', int(0, 100_000), 2000)
  .option('--rounds <n>', 'rounds of each writer', int(1, 100), 3)
  .option('--json', 'one JSON document on stdout (progress on stderr)')
  .action(async (o: Record<string, number> & { json?: boolean }) => {
    try {
      const rounds = await runSqliteWriterAb({
        castRate: o.castRate!,
        casts: o.casts!,
        entryBytes: o.entryBytes!,
        readRate: o.readRate!,
        rounds: o.rounds!,
        log: (s) => void process.stderr.write(`bench:sqlite-writer: ${s}\n`),
      });
      const summary = { inline: medians(rounds, 'inline'), thread: medians(rounds, 'thread') };
      process.stdout.write(
        o.json ? JSON.stringify({ options: o, rounds, medians: summary }, null, 2) + '\n' : table(summary),
      );
    } catch (e) {
      process.stderr.write(`bench:sqlite-writer: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  })
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
  .parseAsync();

type Figures = Record<string, number>;

/** Each figure's median over the writer's rounds. */
function medians(rounds: readonly WriterRound[], writer: string): Figures {
  const rs = rounds.filter((r) => r.writer === writer);
  const med = (f: (r: WriterRound) => number): number => {
    const s = rs.map(f).sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  return {
    castsPerSecond: med((r) => r.castsPerSecond),
    castP50Ms: med((r) => r.castMs.p50),
    castP99Ms: med((r) => r.castMs.p99),
    castsPerBatch: med((r) => r.castsPerBatch),
    cpuMsPerCast: med((r) => r.cpuMsPerCast),
    mainCpuMsPerCast: med((r) => r.mainCpuMsPerCast),
    loopBusyShare: med((r) => r.loopBusyShare),
    loopDelayP99Ms: med((r) => r.loopDelayMs.p99),
    loopDelayMaxMs: med((r) => r.loopDelayMs.max),
    readP50Ms: med((r) => r.readMs.p50),
    readP99Ms: med((r) => r.readMs.p99),
    readMaxMs: med((r) => r.readMs.max),
  };
}

function table(s: Record<string, Figures>): string {
  const keys = Object.keys(s.inline!);
  const row = (k: string): string =>
    `${k.padEnd(18)} ${s.inline![k]!.toFixed(3).padStart(10)} ${s.thread![k]!.toFixed(3).padStart(10)}`;
  return `median of the rounds   inline     thread\n${keys.map(row).join('\n')}\n`;
}
