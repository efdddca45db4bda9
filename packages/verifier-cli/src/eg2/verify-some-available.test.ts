/**
 * egk's someAvailableJson record (5 guardians, quorum 3, the tally decrypted with two guardians
 * absent, 11 cast ballots, no chaining) verifies as valid.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../report.js';
import { isElectionGuardRecord, verifyElectionGuardRecord } from './index.js';

const dir = fileURLToPath(
  new URL('../../../../fixtures/electionguard-2.0/someAvailableJson', import.meta.url),
);
let report: VerificationReport;

beforeAll(async () => {
  report = await verifyElectionGuardRecord(dir, { workers: 0 });
});

const step = (id: string) => report.steps.find((s) => s.id === id)!;

describe('egk someAvailableJson record', () => {
  it('is detected as an ElectionGuard 2.0 record', () => {
    expect(isElectionGuardRecord(dir)).toBe(true);
  });

  it('is valid', () => {
    expect(report.steps.flatMap((s) => s.failures)).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('runs steps 1–10 and skips the rest with reasons', () => {
    for (const id of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
      expect(step(id).status, `step ${id}`).toBe('passed');
    expect(step('2').checked).toBe(15); // 5 guardians × k = 3
    expect(step('7').note).toMatch(/7\.D–7\.G not applicable/);
    for (const id of ['12', '13', '14']) expect(step(id).note).toMatch(/no challenged ballots/);
    for (const id of ['11', '12', '13', '14', '15', '16', '17', '18'])
      expect(step(id).status).toBe('skipped');
  });

  it('counts the record', () => {
    expect(report.counts).toMatchObject({ guardians: 5, ballots: 11, cast: 11, challenged: 0 });
  });
});
