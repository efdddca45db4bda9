/**
 * `evident-report RECORD --format pdf|html|csv|json --out FILE [--lang en|fr|ar] [--server URL
 * --token TOKEN]`: an election's report from its record folder (spec/reports.md), with the
 * incidents read from the server when one is given. Exit 0 written and the record verifies; 1 written but
 * the record does not verify (the report says which steps failed); 2 bad usage, a folder that is
 * not a readable record, a server that does not give its events, or an output that cannot be
 * written (nothing written).
 * @module
 */
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGS, type Lang, isLang } from '@evident/i18n';
import { BoardReadError } from '@evident/record';
import { UnreadableError } from '@evident/verifier-cli';
import { Command, CommanderError } from 'commander';
import { type ElectionReport, buildReport } from './election-report.js';
import type { SecurityEvent } from './incidents.js';
import { ServerEventsError, fetchSecurityEvents } from './server-events.js';
import { PdfTextError } from './pdf-text.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from './render-report.js';

/** The command's output streams (tests capture them). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (l) => void process.stdout.write(l + '\n'),
  err: (l) => void process.stderr.write(l + '\n'),
};

const FORMATS = REPORT_FORMATS;
type Format = ReportFormat;

interface Flags {
  format?: string;
  out?: string;
  lang: string;
  server?: string;
  token?: string;
  tokenFile?: string;
}

/** A refusal of the command's input: exit 2, its message on stderr. */
class UsageError extends Error {}

async function render(r: ElectionReport, format: Format): Promise<string | Buffer> {
  try {
    return await renderReport(r, format);
  } catch (e) {
    if (e instanceof PdfTextError) throw new UsageError(e.message);
    throw e;
  }
}

/** Writes `data` to `file` whole or not at all (a temporary file renamed over it). */
function writeWhole(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function program(io: CliIo, run: (record: string, f: Flags) => Promise<void>): Command {
  return new Command('evident-report')
    .description(
      'Make an election’s report from its record folder: results, turnout, reconciliation, verification',
    )
    .argument('<record>', 'the record folder (as `evident-server export` writes it)')
    .option('--format <format>', `the report's form: ${FORMATS.join(', ')} (required)`)
    .option('--out <file>', 'the file to write (required)')
    .option('--server <url>', 'the server to read the incidents (security events) from; needs --token')
    .option('--token <token>', 'an observer or administrator token of that server')
    .option(
      '--token-file <file>',
      'read the token from a file instead (or set EVIDENT_REPORT_TOKEN): a token in the arguments is seen by other users of the machine',
    )
    .option('--lang <language>', `the report's language: ${LANGS.join(', ')}`, 'en')
    .addHelpText(
      'after',
      '\nExit codes: 0 written and the record verifies; 1 written, the record does not verify; 2 bad usage, not a record, cannot write.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .action(async (record: string, f: Flags) => run(record, f));
}

/** The token: --token, else --token-file's first line, else $EVIDENT_REPORT_TOKEN (with --server only). */
function tokenOf(f: Flags): string | undefined {
  if (f.token !== undefined) return f.token;
  if (f.tokenFile !== undefined) {
    try {
      return readFileSync(f.tokenFile, 'utf8').split(/\r?\n/)[0]!.trim() || undefined;
    } catch (e) {
      throw new UsageError(
        `${f.tokenFile}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  return f.server === undefined ? undefined : process.env.EVIDENT_REPORT_TOKEN || undefined;
}

function check(f: Flags): { format: Format; out: string; lang: Lang; token?: string } {
  if (f.format === undefined) throw new UsageError(`give --format, one of ${FORMATS.join(', ')}`);
  if (!(FORMATS as readonly string[]).includes(f.format))
    throw new UsageError(`unknown format '${f.format}': give one of ${FORMATS.join(', ')}`);
  if (f.out === undefined) throw new UsageError('give --out FILE, the file to write');
  const token = tokenOf(f);
  if ((f.server === undefined) !== (token === undefined))
    throw new UsageError(
      'give --server URL and a token (--token, --token-file or EVIDENT_REPORT_TOKEN) together: the incidents are read from the server',
    );
  if (f.server !== undefined && !/^https?:\/\//.test(f.server))
    throw new UsageError(`--server '${f.server}' is not an http(s) URL`);
  if (!isLang(f.lang)) throw new UsageError(`unknown language '${f.lang}': give one of ${LANGS.join(', ')}`);
  return { format: f.format as Format, out: f.out, lang: f.lang, ...(token === undefined ? {} : { token }) };
}

/** The server's security events when --server is given (the report's incidents). */
async function serverEvents(f: Flags, token: string | undefined): Promise<SecurityEvent[] | undefined> {
  if (f.server === undefined || token === undefined) return undefined;
  try {
    return await fetchSecurityEvents(f.server, token);
  } catch (e) {
    if (e instanceof ServerEventsError) throw new UsageError(e.message);
    throw e;
  }
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exit = 0;
  const run = async (record: string, f: Flags) => {
    const { format, out, lang, token } = check(f);
    let report: ElectionReport;
    const securityEvents = await serverEvents(f, token);
    try {
      report = await buildReport(record, { language: lang, securityEvents });
    } catch (e) {
      if (e instanceof UnreadableError || e instanceof BoardReadError)
        throw new UsageError(`${record} is not a readable election record: ${e.message}`);
      throw e;
    }
    writeWhole(out, await render(report, format));
    exit = report.verification.valid ? 0 : 1;
    io.out(
      `evident-report: wrote ${out} (${format}); the record ${report.verification.valid ? 'verifies' : 'does NOT verify'}`,
    );
  };
  try {
    await program(io, run).parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      io.err(`evident-report: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/**
 * `node dist/cli.js …` run directly also runs the command (real paths on both sides, so that a
 * link to this file works too); the launcher (bin/evident-report.js) calls `main` itself.
 */
function runDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] names no file (node -e, the REPL)
  }
}
if (runDirectly()) process.exitCode = await main(process.argv.slice(2));
