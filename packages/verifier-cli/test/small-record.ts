/**
 * The small simulated records the verifier's tests start from: one contest of two options, a
 * 2-of-3 ceremony, as many ballots as a test asks for (spec/record.md).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimulationOptions, sampleManifest, simulateElection } from '@evident/record';

/**
 * Writes a record in a new temporary folder named after `prefix`.
 * @param options - what differs from one contest of two options and a 2-of-3 ceremony
 * @returns the record's folder (the caller removes it)
 */
export async function smallRecord(prefix: string, options: SimulationOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await simulateElection(dir, {
    manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 2 }),
    guardians: 3,
    quorum: 2,
    ...options,
  });
  return dir;
}
