/**
 * `evident-trustee` (spec/key-ceremony.md §12): what `bin/evident-trustee.js` runs. It also runs
 * when run directly (`node dist/cli.js`); {@link main} runs the program on the process's streams.
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

/**
 * `node dist/cli.js …` run directly also runs the command. Real paths on both sides, so that a
 * link to this file works too; the launcher (bin/evident-trustee.js) imports this module and calls
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
