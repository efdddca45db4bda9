/**
 * What "the record verifies" means in the server-to-verifier tests: every step of
 * `evident-verify` passes, with the count of cast ballots, and so do the log checks L1–L4.
 * @module
 */
import { expect } from 'vitest';
import { checkBoardLog, verifyRecord } from '@evident/verifier-cli';

/** Asserts that `record` verifies, every step and the log checks L1–L4, with `cast` ballots. */
export async function expectRecordVerifies(record: string, cast: number): Promise<void> {
  const report = await verifyRecord(record, { workers: 0 });
  expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.counts.cast).toBe(cast);
  const log = await checkBoardLog(record);
  expect(log.map((s) => [s.id, s.status])).toEqual([
    ['L1', 'passed'],
    ['L2', 'passed'],
    ['L3', 'passed'],
    ['L4', 'passed'],
  ]);
}
