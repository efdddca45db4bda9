/**
 * The verification's worker threads run under the heap limits the pool sets (spec/verification.md
 * §0.3.3): the old generation capped, and the young generation held at smaller semi-spaces (V8
 * would let each worker's grow to 48 MB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleManifest, simulateElection } from '@evident/record';
import { loadEvidentContext } from './context.js';
import { WORKER_YOUNG_MB, startVerifyPool, workersAvailable } from './verify-pool.js';

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-verify-pool-'));
  await simulateElection(dir, {
    manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 2 }),
    guardians: 3,
    quorum: 2,
    ballots: 2,
    devices: 1,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the verification pool', () => {
  it.runIf(workersAvailable())('runs each worker with a capped old and young generation', async () => {
    const { ctx } = loadEvidentContext(dir);
    const pool = startVerifyPool(ctx!, 2, 96)!;
    try {
      const limits = await Promise.all([0, 1].map(() => pool.run<Record<string, number>>({}, 'limitsTask')));
      for (const l of limits) {
        expect(l['maxOldGenerationSizeMb']).toBe(96);
        expect(l['maxYoungGenerationSizeMb']).toBe(WORKER_YOUNG_MB);
      }
      expect(WORKER_YOUNG_MB).toBeLessThan(48);
    } finally {
      await pool.close();
    }
  });
});
