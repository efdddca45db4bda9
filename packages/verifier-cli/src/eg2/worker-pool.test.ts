/**
 * The worker-thread path: runs only when the compiled pool and worker exist (`npx tsc -b` has
 * built dist/), since worker threads load JavaScript, not the TypeScript sources vitest runs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ContextData } from './context.js';
import type { Job, JobResult } from './jobs.js';
import { readInitialized, readManifest } from './record-reader.js';

const dir = fileURLToPath(
  new URL('../../../../fixtures/electionguard-2.0/someAvailableJson', import.meta.url),
);
const distPool = fileURLToPath(new URL('../../dist/eg2/pool.js', import.meta.url));
const distWorker = fileURLToPath(new URL('../../dist/eg2/worker.js', import.meta.url));
const built = existsSync(distPool) && existsSync(distWorker);

describe('verification in worker threads (compiled dist/)', () => {
  it.skipIf(!built)('verifies a ballot in a worker and returns findings, summary and products', async () => {
    const pool = (await import(pathToFileURL(distPool).href)) as {
      runJobs(
        data: ContextData,
        jobs: readonly Job[],
        workers: number,
        onItem: () => void,
      ): Promise<JobResult[]>;
      workersAvailable(): boolean;
    };
    expect(pool.workersAvailable()).toBe(true);
    const init = readInitialized(dir);
    const data: ContextData = {
      dir,
      K: init.jointPublicKey,
      hE: init.extendedBaseHash,
      contests: readManifest(dir).contests,
    };
    let items = 0;
    const file = 'encrypted_ballots/runWorkflowSomeAvailableJson/eballot-id-3.json';
    const [result] = await pool.runJobs(data, [{ kind: 'ballots', files: [file] }], 1, () => items++);
    expect(items).toBe(1);
    expect(result!.log.findings).toEqual([]);
    expect(result!.log.checked['5']).toBe(100);
    expect(result!.ballots.map((b) => [b.ballotId, b.state])).toEqual([['id-3', 'CAST']]);
    expect(result!.aggregate).toHaveLength(100);
    expect(typeof result!.aggregate[0]![1]).toBe('bigint');
  });
});
