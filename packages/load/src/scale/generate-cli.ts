/**
 * The bulk ballot generator as a process of its own (so that its memory and CPU are measured
 * apart from the server's and the orchestrator's): `node generate-cli.js JOB.json` reads a
 * {@link GenerateJob}, writes the ballots, prints a {@link GenerateSummary} as JSON.
 * Exit codes: 0 done, 1 bad job, 2 failed.
 * @module
 */
import { readFileSync } from 'node:fs';
import { generateBallots, type GenerateJob } from './ballot-generator.js';

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('Usage: generate-cli JOB.json\n');
  process.exit(1);
}
let job: GenerateJob;
try {
  job = JSON.parse(readFileSync(file, 'utf8')) as GenerateJob;
} catch (e) {
  process.stderr.write(`generate-cli: cannot read the job ${file}: ${(e as Error).message}\n`);
  process.exit(1);
}
try {
  process.stdout.write(JSON.stringify(await generateBallots(job)) + '\n');
} catch (e) {
  process.stderr.write(`generate-cli: ${(e as Error).message}\n`);
  process.exit(2);
}
