/**
 * `evident-verify RECORD [--json] [--workers N]` (spec/verification.md §0): verifies an Evident
 * or ElectionGuard 2.0 election record. Exit 0 valid, 1 invalid, 2 unreadable input. A progress
 * bar is drawn on stderr only when it is a terminal; `--json` prints the report to stdout.
 * The command is `bin/evident-verify.js`, which calls {@link main}: `node dist/cli.js` runs it too.
 * @module
 */
import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { formatFinalResult } from './paper/final-result-text.js';
import { EXIT_INVALID, EXIT_UNREADABLE, EXIT_VALID, type VerificationReport } from './report.js';
import { UnreadableError, verifyRecord } from './verify.js';

/** Where the CLI writes. */
export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
}

const defaultIo: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

/** The human summary of a report. */
export function formatReport(r: VerificationReport): string {
  const lines = [`Record ${r.recordPath} — format ${r.format}, profile ${r.profile}`];
  const counts = Object.entries(r.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  if (counts) lines.push(counts);
  for (const s of r.steps) {
    const mark = s.status === 'passed' ? 'PASS' : s.status === 'failed' ? 'FAIL' : 'SKIP';
    lines.push(
      `  ${mark}  ${s.id.padStart(2)}  ${s.title}${s.status === 'skipped' ? ` (${s.note ?? ''})` : ` — ${s.checked} checked`}`,
    );
    for (const f of s.failures.slice(0, 10)) lines.push(`          ${f.check}  ${f.location}: ${f.message}`);
    if (s.failureCount > 10) lines.push(`          … and ${s.failureCount - 10} more`);
  }
  if (r.finalResult) lines.push(...formatFinalResult(r.finalResult));
  lines.push(
    `${r.valid ? 'VALID' : 'INVALID'}: ${r.steps.filter((s) => s.status === 'failed').length} step(s) failed, ${r.seconds.toFixed(2)} s`,
  );
  return lines.join('\n') + '\n';
}

function parseWorkers(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new InvalidArgumentError('expected an integer 0..256');
  return n;
}

/**
 * Runs the command line.
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const program = new Command()
    .name('evident-verify')
    .description(
      'Verify an Evident or ElectionGuard 2.0 election record. Exit 0 valid, 1 invalid, 2 unreadable.',
    )
    .argument('<record>', 'folder of the election record')
    .option('--json', 'print the JSON report on stdout')
    .option('--workers <n>', 'worker threads (default: every core; 0 = none)', parseWorkers)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    return code === 0 ? EXIT_VALID : EXIT_UNREADABLE;
  }
  const dir = program.args[0]!;
  const opts = program.opts<{ json?: boolean; workers?: number }>();
  const bar =
    io.isTTY && !opts.json
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: 'verifying {bar} {percentage}% | {eta_formatted} left',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let started = false;
  try {
    const report = await verifyRecord(dir, {
      workers: opts.workers ?? availableParallelism(),
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(Math.max(total, 1), 0);
        started = true;
        bar.update(done);
      },
    });
    bar?.stop();
    io.out(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return report.valid ? EXIT_VALID : EXIT_INVALID;
  } catch (e) {
    bar?.stop();
    if (e instanceof UnreadableError) {
      io.err(`evident-verify: unreadable record: ${e.message}\n`);
      return EXIT_UNREADABLE;
    }
    io.err(`evident-verify: cannot verify: ${(e as Error).message}\n`);
    return EXIT_UNREADABLE;
  }
}

/**
 * `node dist/cli.js …` run directly also runs the command. Real paths on both sides, so that a
 * link to this file works too; the launcher (bin/evident-verify.js) imports this module and calls
 * `main` itself.
 */
function runDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] names no file (node -e, the REPL)
  }
}
if (runDirectly()) process.exitCode = await main(process.argv.slice(2));
