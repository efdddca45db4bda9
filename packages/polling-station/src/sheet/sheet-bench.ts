#!/usr/bin/env node
/**
 * `npm run bench:sheet [-- --json]` (spec/stations.md §6.6): QR codes per tally sheet at level M
 * for sheets of 10, 50 and 200 contests × 10 options (realistic labels and counts, two
 * witnesses), the canonical and compressed sizes, the QR version, and a jsqr read-back of every
 * rendered code. Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { DEFAULT_MAX_PART_BYTES, QR_MAX_BYTES_LEVEL_M } from '@evident/record';
import { Command, InvalidArgumentError } from 'commander';
import { type SheetCapacity, sheetCapacity } from './sheet-capacity.js';

const list =
  (min: number, max: number) =>
  (v: string): number[] => {
    const xs = v.split(',').map(Number);
    if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < min || x > max))
      throw new InvalidArgumentError(`a comma-separated list of integers in [${min}, ${max}]`);
    return xs;
  };
const int =
  (min: number, max: number) =>
  (v: string): number =>
    list(min, max)(v)[0]!;

function table(rows: readonly SheetCapacity[]): string {
  const head = [
    'contests',
    'options',
    'part bytes',
    'JSON B',
    'compressed B',
    'ratio',
    'codes',
    'QR version',
    'pages',
    'read back',
  ];
  const lines = rows.map((r) =>
    [
      r.contests,
      r.options,
      r.maxPartBytes,
      r.jsonBytes,
      r.compressedBytes,
      r.compressionRatio,
      r.codes,
      `${r.qrVersion} (${r.modules}×${r.modules})`,
      r.codePages,
      r.readBack === null ? '-' : r.readBack ? 'yes' : 'NO',
    ].map(String),
  );
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [head, ...lines].map((l) => l.map((c, i) => c.padStart(w[i]!)).join('  ')).join('\n');
}

interface Options {
  contests: number[];
  options: number;
  maxPartBytes: number[];
  witnesses: number;
  readBack: boolean;
  json?: boolean;
}

await new Command()
  .name('bench:sheet')
  .description('QR codes per tally sheet at level M, by sheet size and part size')
  .option('--contests <list>', 'sheet sizes, contests per sheet', list(1, 2000), [10, 50, 200])
  .option('--options <n>', 'options per contest', int(1, 100), 10)
  .option('--max-part-bytes <list>', 'part sizes to measure', list(128, QR_MAX_BYTES_LEVEL_M), [
    DEFAULT_MAX_PART_BYTES,
  ])
  .option('--witnesses <n>', 'witnesses co-signing the sheet', int(0, 20), 2)
  .option('--no-read-back', 'skip rendering the codes and reading them back with jsqr')
  .option('--json', 'print one JSON document instead of a table')
  .action(async (o: Options) => {
    try {
      const rows: SheetCapacity[] = [];
      for (const c of o.contests)
        rows.push(
          ...(await sheetCapacity(c, o.options, o.maxPartBytes, {
            witnesses: o.witnesses,
            readBack: o.readBack,
          })),
        );
      const doc = { level: 'M', mode: 'byte', defaultMaxPartBytes: DEFAULT_MAX_PART_BYTES, rows };
      process.stdout.write(o.json ? JSON.stringify(doc, null, 2) + '\n' : table(rows) + '\n');
    } catch (e) {
      process.stderr.write(`bench:sheet: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  })
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
  .parseAsync();
