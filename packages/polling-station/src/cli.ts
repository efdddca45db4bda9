/**
 * `evident-station`: the polling station's command line (spec/stations.md).
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { processIo, type CliIo } from './commands/io.js';
import { registerPollCommands } from './commands/poll-commands.js';
import { registerRunCommands } from './commands/run-commands.js';
import { registerSetupCommands } from './commands/setup-commands.js';
import { registerBallotCommands } from './ballots/ballot-commands.js';
import { registerCountCommands } from './count/count-commands.js';
import { registerSheetCommands } from './count/sheet-commands.js';
import { REFUSED, registerSheetReadCommand } from './sheet-read/sheet-read-command.js';
import { StationError } from './station-error.js';

/** Builds the command tree. */
export function program(io: CliIo = processIo): Command {
  const p = new Command('evident-station')
    .description('Polling-station app: poll book, paper ballots with QR codes, counting, signed tally sheets')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerSetupCommands(p, io);
  registerPollCommands(p, io);
  registerRunCommands(p, io);
  registerBallotCommands(p);
  registerCountCommands(p);
  registerSheetCommands(p);
  registerSheetReadCommand(p);
  for (const c of p.commands) inherit(c);
  return p;
}

/** Sub-commands answer parse errors through the same exit override. */
function inherit(c: Command): void {
  c.exitOverride();
  c.commands.forEach(inherit);
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    await program(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : e.code === REFUSED ? e.exitCode : 2;
    if (e instanceof StationError) {
      io.err(`evident-station: ${e.message}`);
      return e.exitCode;
    }
    // not a refusal of ours: say what failed, without a stack, and stop with 1
    io.err(`evident-station: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}

/**
 * `node dist/cli.js …` run directly also runs the command (real paths on both sides, so that a
 * link to this file works too); the launcher (bin/evident-station.js) calls `main` itself.
 */
function runDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] names no file (node -e, the REPL)
  }
}
if (runDirectly()) process.exitCode = await main(process.argv.slice(2));
