/**
 * How the station's commands report a refusal: the message on stderr (naming the file, the
 * field or the rule), exit code 1 for a refusal or bad data, 2 for an unusable input.
 * @module
 */
import { CommanderError } from 'commander';
import { StationFileError } from '../ballots/station-file-error.js';
import { CountError } from './count-error.js';

/** The commander code that `main` turns into the exit code carried. */
export const REFUSED = 'evident-station.refused';

/** Runs a command's body, turning known refusals into a message and an exit code. */
export async function runRefusable(body: () => unknown): Promise<void> {
  try {
    await body();
  } catch (e) {
    const code = e instanceof StationFileError ? 2 : e instanceof CountError ? 1 : exitCodeOf(e);
    if (code === undefined) throw e;
    process.stderr.write(`evident-station: ${(e as Error).message}\n`);
    throw new CommanderError(code, REFUSED, (e as Error).message);
  }
}

/** station-core's errors carry their exit code. */
function exitCodeOf(e: unknown): 1 | 2 | undefined {
  const c = (e as { exitCode?: unknown })?.exitCode;
  return c === 1 || c === 2 ? c : undefined;
}
