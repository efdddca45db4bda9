/**
 * `evident-station`: the polling station's command line (spec/stations.md).
 * Exit codes: 0 done, 1 refused or invalid data, 2 bad usage or unusable input.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { registerBallotCommands } from './ballots/ballot-commands.js';
import { registerCountCommands } from './count/count-commands.js';
import { registerSheetCommands } from './count/sheet-commands.js';
import { StationError } from './count/station-core-link.js';

/** Builds the command tree. */
export function program(): Command {
  const p = new Command('evident-station')
    .description('Polling-station app: poll book, paper ballots with QR codes, counting, signed tally sheets')
    .exitOverride();
  registerBallotCommands(p);
  registerCountCommands(p);
  registerSheetCommands(p);
  return p;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof StationError) {
      process.stderr.write(`evident-station: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
