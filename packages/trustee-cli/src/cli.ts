#!/usr/bin/env node
/**
 * `evident-trustee` entry point: runs the program and exits with its code (spec/key-ceremony.md §12).
 * @module
 */
import { run } from './program.js';

const code = await run(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
});
process.exitCode = code;
