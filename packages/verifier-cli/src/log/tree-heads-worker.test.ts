/**
 * L2.A's signature checks as tasks (tree-heads.ts `badHeadSignatures`): a head with a forged
 * signature or another log id is named by its line whether the check runs in this thread or in
 * a worker thread of the verification's pool, and lines that are not JSON are left to checkHeads.
 */
import { generateLogKey, signTreeHead } from '@evident/e2e-crypto';
import { createWorkerPool } from '@evident/e2e-crypto/worker-pool';
import { describe, expect, it } from 'vitest';
import { VERIFY_WORKER_FILE, workersAvailable } from '../evident/verify-pool.js';
import { badHeadSignatures, type HeadSignatureTask } from './tree-heads.js';

const { secretKey, publicKey } = generateLogKey();

/** 40 heads from line index 100; index 105 forged, 117 of another log, 120 not JSON. */
function task(): HeadSignatureTask {
  const lines = Array.from({ length: 40 }, (_, k) => {
    const h = signTreeHead(
      secretKey,
      k === 17 ? 'other' : 'demo',
      k + 1,
      new Uint8Array(32).fill(k),
      1000 + k,
    );
    if (k === 5) return JSON.stringify({ ...h, treeSize: 99 }); // the signature covers size 6
    return k === 20 ? '{not json' : JSON.stringify(h);
  });
  return { key: publicKey, logId: 'demo', first: 100, lines };
}

describe('tree-head signatures (L2.A) as tasks', () => {
  it('name the forged head and the other log’s head, in this thread', () => {
    expect(badHeadSignatures(task())).toEqual([105, 117]);
  });

  it.runIf(workersAvailable())('name the same heads in a worker thread', async () => {
    const pool = createWorkerPool({ worker: VERIFY_WORKER_FILE, threads: 1, workerData: {} });
    try {
      expect(await pool.run<number[]>(task(), 'headSignatureTask')).toEqual([105, 117]);
    } finally {
      await pool.close();
    }
  });
});
