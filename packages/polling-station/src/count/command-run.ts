/**
 * How the printing and counting commands report a refusal: as station-core's `StationError`,
 * which the CLI prints (naming the file, the field or the rule) and turns into the exit code —
 * 1 for a refusal or bad data, 2 for an unusable input.
 * @module
 */
import { StationFileError } from '../ballots/station-file-error.js';
import { CountError } from './count-error.js';
import { StationError } from './station-core-link.js';

/** Runs a command's body, turning this module's errors into `StationError`s. */
export async function runRefusable(body: () => unknown): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof StationFileError) throw new StationError(2, e.message);
    if (e instanceof CountError) throw new StationError(1, e.message);
    // a parameter out of range from the command line (a passphrase too short, a count…)
    if (e instanceof RangeError) throw new StationError(2, e.message);
    throw e;
  }
}
