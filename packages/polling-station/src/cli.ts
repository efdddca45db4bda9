/**
 * `evident-station`: the polling station's command line (spec/stations.md).
 * @module
 */
import { Command, CommanderError } from 'commander';

/** Builds the command tree. */
export function program(): Command {
  return new Command('evident-station')
    .description('Polling-station app: poll book, paper ballots with QR codes, counting, signed tally sheets')
    .exitOverride();
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
}
