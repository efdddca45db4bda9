/**
 * `evident-trustee` (spec/key-ceremony.md §12): what `bin/evident-trustee.js` runs. This module
 * runs nothing when loaded; {@link main} runs the program on the process's streams.
 * @module
 */
import { run } from './program.js';

/**
 * Runs the command line on stdout and stderr.
 * @returns the exit code
 */
export function main(argv: readonly string[]): Promise<number> {
  return run(argv, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  });
}
