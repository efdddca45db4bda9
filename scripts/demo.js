#!/usr/bin/env node
/**
 * `npm run demo:simulated [-- --out DIR] [-- --ballots N]`: a whole election in one process:
 * a 3-of-5 key ceremony, several hundred ballots over several contests on three devices
 * (ristretto255), every tenth ballot challenged and decrypted, guardian 5 absent at decryption.
 * Writes the Evident record, runs evident-verify on it and prints the results.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { sampleManifest, simulateElection } from '../packages/record/dist/index.js';
import { verifyRecord, formatReport } from '../packages/verifier-cli/dist/index.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const positive = (v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};
const opts = new Command()
  .name('demo:simulated')
  .description(
    'A whole election in one process, without the server: `npm run demo:simulated -- OPTIONS`. ' +
      'Writes the record, verifies it and prints the results.',
  )
  .option('--out <dir>', 'the record folder (default demo-output/<time>)')
  .option('--ballots <n>', 'ballots', positive, 300)
  .parse()
  .opts();
const out = opts.out ?? join(root, 'demo-output', new Date().toISOString().replace(/[:.]/g, '-'));
const ballots = opts.ballots;
mkdirSync(out, { recursive: true });

console.log(`Evident demo: 3-of-5 key ceremony, ${ballots} ballots on 3 devices, ristretto255`);
const t0 = performance.now();
const result = await simulateElection(out, {
  manifest: sampleManifest({ districts: 2, contestsPerDistrict: 2, options: 3, voteLimit: 1 }),
  guardians: 5,
  quorum: 3,
  absent: [5],
  ballots,
  devices: 3,
  challengeEvery: 10,
  onProgress: (d, n) => process.stderr.write(`\r  encrypting ballots ${d}/${n}`),
});
process.stderr.write('\n');
console.log(`Record written to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(
  `  cast ${result.castBallots}, challenged ${result.challengedBallots}; guardians at decryption ${result.guardiansPresent.join(', ')} (absent: ${result.guardiansAbsent.join(', ')})`,
);
console.log('\nResults (decrypted tally; expected from the plaintexts in brackets):');
for (const [contest, opts] of Object.entries(result.decrypted)) {
  console.log(
    `  ${contest}: ` +
      Object.entries(opts)
        .map(([o, v]) => `${o.replace(`${contest}-`, '')} ${v} [${result.expected[contest][o]}]`)
        .join(', '),
  );
}
console.log(`\nRunning evident-verify ${out}`);
const report = await verifyRecord(out, { workers: availableParallelism() });
process.stdout.write(formatReport(report));
console.log(report.valid ? 'The record is VALID.' : 'The record is INVALID.');
process.exitCode = report.valid ? 0 : 1;
