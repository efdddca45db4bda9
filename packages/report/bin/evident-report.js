#!/usr/bin/env node
// `evident-report`, the command npm links into node_modules/.bin. A committed file rather than the build
// output, so that `npm install` can link it before anything is built; it runs the built CLI's
// main explicitly (no main-module test that a symlink could defeat).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    `evident-report: ${fileURLToPath(entry)} is missing: run \`npm run build\` in the repository first\n`,
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
