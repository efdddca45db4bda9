/**
 * `evident-station`: the polling station's command line (spec/stations.md).
 * @module
 */
import { Command, CommanderError } from 'commander';
import { registerBallotCommands } from './ballots/ballot-commands.js';
import { REFUSED } from './count/command-run.js';
import { registerCountCommands } from './count/count-commands.js';

/** Builds the command tree. */
export function program(): Command {
  const p = new Command('evident-station')
    .description('Polling-station app: poll book, paper ballots with QR codes, counting, signed tally sheets')
    .exitOverride();
  registerBallotCommands(p);
  registerCountCommands(p);
  return p;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : e.code === REFUSED ? e.exitCode : 2;
    throw e;
  }
}
