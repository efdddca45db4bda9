/**
 * `evident-track`: a voter's check that a ballot is on the bulletin board (spec/tracker.md).
 * Exit 0 found and proved; 1 the server answers inconsistently or under another key than the
 * pinned one; 2 unknown code, unreachable server, bad usage.
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describeReport } from './describe-report.js';
import { checkPostedSheet } from './sheet-check.js';
import { type TrackOptions, trackBallot } from './track.js';
import { TrackError } from './track-error.js';

/** The command's output streams (tests capture them). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (l) => void process.stdout.write(l + '\n'),
  err: (l) => void process.stderr.write(l + '\n'),
};

interface Flags {
  server?: string;
  election?: string;
  logKey?: string;
  receipt?: string;
  treeHead: string[];
  json?: boolean;
}

interface SheetFlags {
  server: string;
  election: string;
  logKey?: string;
  json?: boolean;
}

type SheetRun = (images: string[], f: SheetFlags) => Promise<void>;

/** `sheet IMAGE…`: the observer's check of a posted tally sheet (sheet-check.ts). */
function addSheetCommand(root: Command, runSheet: SheetRun): Command {
  root
    .command('sheet')
    .description(
      'check a station tally sheet posted on the door, from photos of its QR codes, against the sheet the board publishes',
    )
    .argument('<image...>', 'PNG or JPEG photos of the printed codes, in any order')
    .requiredOption('--server <url>', 'the election server’s base URL')
    .requiredOption('--election <id>', 'the election id')
    .option('--log-key <hex>', 'the log’s Ed25519 public key, from a source other than this server')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExit codes: 0 valid and the published sheet; 1 invalid, not published or superseded, or a board that does not verify; 2 unreadable photos, a missing part, an unreachable server, bad usage.',
    )
    .action(runSheet);
  return root;
}

/** Builds the command; `run` receives the parsed question, `runSheet` the sheet check's. */
function program(
  io: CliIo,
  run: (code: string | undefined, f: Flags) => Promise<void>,
  runSheet: SheetRun,
): Command {
  // positional: `sheet` has its own --server, --election, --log-key and --json, which the root
  // would otherwise take for its own
  const root = new Command('evident-track')
    .enablePositionalOptions()
    .description(
      'Find a ballot by its tracking code on an election’s bulletin board and prove it there, against a pinned log key',
    )
    .argument('[code]', 'the tracking code (64 hex digits); may come from --receipt')
    .option('--server <url>', 'the election server’s base URL (required)')
    .option('--election <id>', 'the election id (default: the receipt’s)')
    .option('--log-key <hex>', 'the log’s Ed25519 public key, from a source other than this server')
    .option('--receipt <file>', 'the receipt kept at casting: its head must be extended by the current one')
    .option(
      '--tree-head <file>',
      'a signed tree head kept earlier (repeatable): the current head must extend it',
      (file: string, all: string[]) => [...all, file],
      [] as string[],
    )
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExit codes: 0 found and proved; 1 the server answers inconsistently (a fork, a bad signature or proof) or under another key; 2 unknown code, unreachable server, bad usage.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .action(async (code: string | undefined, f: Flags) => run(code, f));
  return addSheetCommand(root, runSheet);
}

function ignoreClosedPipe(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  // a reader that stops early (`evident-track --help | head -1`) is not an error of ours
  if (io === processIo) process.stdout.on('error', ignoreClosedPipe);
  let exit = 0;
  let json = false;
  const run = async (code: string | undefined, f: Flags) => {
    json = f.json === true;
    if (f.server === undefined) throw new TrackError('usage', 'give --server URL, the election server');
    const o: TrackOptions = {
      server: f.server,
      ...(code !== undefined ? { code } : {}),
      ...(f.election !== undefined ? { electionId: f.election } : {}),
      ...(f.logKey !== undefined ? { logKey: f.logKey } : {}),
      ...(f.receipt !== undefined ? { receipt: f.receipt } : {}),
      treeHeads: f.treeHead,
    };
    const report = await trackBallot(o);
    // a ballot the counting rule leaves out for an irregularity: the board itself is wrong
    const irregular = report.ballot.state === 'uncounted';
    exit = irregular ? 1 : 0;
    const failure = irregular
      ? {
          problem: 'inconsistent',
          message: `the board's counting rule leaves this ballot out: ${report.ballot.reason}`,
        }
      : {};
    io.out(
      json ? JSON.stringify({ ok: !irregular, ...failure, ...report }, null, 2) : describeReport(report),
    );
  };
  const runSheet: SheetRun = async (images, f) => {
    const a = await checkPostedSheet(images, {
      server: f.server,
      electionId: f.election,
      ...(f.logKey !== undefined ? { logKey: f.logKey } : {}),
      json: f.json === true,
    });
    if (a.out !== undefined) io.out(a.out);
    if (a.err !== undefined) io.err(a.err);
    exit = a.exitCode;
  };
  try {
    await program(io, run, runSheet).parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      // commander has said what is wrong on stderr; --json still gets its one document
      if (argv.includes('--json'))
        io.out(JSON.stringify({ ok: false, problem: 'usage', message: e.message }, null, 2));
      return 2;
    }
    const err =
      e instanceof TrackError ? e : new TrackError('inconsistent', (e as Error).message ?? String(e));
    if (json) io.out(JSON.stringify({ ok: false, problem: err.problem, message: err.message }, null, 2));
    else io.err(`evident-track: ${err.message}`);
    return err.exitCode;
  }
}

/**
 * `node dist/cli.js …` run directly also runs the command (real paths on both sides, so that a
 * link to this file works too); the launcher (bin/evident-track.js) calls `main` itself.
 */
function runDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] names no file (node -e, the REPL)
  }
}
if (runDirectly()) process.exitCode = await main(process.argv.slice(2));
