/**
 * egk's chainedJson record (3 guardians, 11 ballots of which 3 challenged, chained confirmation
 * codes) verifies as valid: every EG 2.0 step passes or is skipped with a reason.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../report.js';
import { isElectionGuardRecord, verifyElectionGuardRecord } from './index.js';

const dir = fileURLToPath(new URL('../../../../fixtures/electionguard-2.0/chainedJson', import.meta.url));
let report: VerificationReport;
const progress: [number, number][] = [];

beforeAll(async () => {
  report = await verifyElectionGuardRecord(dir, { workers: 0, onProgress: (d, t) => progress.push([d, t]) });
});

const step = (id: string) => report.steps.find((s) => s.id === id)!;

describe('egk chainedJson record', () => {
  it('is detected as an ElectionGuard 2.0 record', () => {
    expect(isElectionGuardRecord(dir)).toBe(true);
  });

  it('is valid, with steps 1–18 in order', () => {
    expect(report.steps.filter((s) => s.status === 'failed').flatMap((s) => s.failures)).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.format).toBe('electionguard-2.0');
    expect(report.steps.map((s) => s.id)).toEqual(Array.from({ length: 18 }, (_, i) => String(i + 1)));
  });

  it('runs every step that applies', () => {
    for (const id of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '12', '13', '14']) {
      expect(step(id).status, `step ${id}`).toBe('passed');
    }
    expect(step('2').checked).toBe(9); // 3 guardians × k = 3 commitments
    expect(step('5').checked).toBe(11 * 100); // every selection of every ballot
    expect(step('6').checked).toBe(11 * 20);
    expect(step('9').checked).toBe(100);
    expect(step('12').checked).toBe(3 * 100);
    expect(step('14').checked).toBe(3 * 20);
  });

  it('skips only what does not apply, saying why', () => {
    for (const id of ['11', '15', '16', '17', '18']) {
      expect(step(id).status, `step ${id}`).toBe('skipped');
      expect(step(id).note).toMatch(/contest data|pre-encrypted/);
    }
  });

  it('checks the chain (7.D–7.G) and notes egk’s hash encodings', () => {
    expect(step('7').note).toMatch(/7\.G in egk/);
    expect(step('7').note).toMatch(/7\.B in egk/);
  });

  it('counts the record and reports progress to the total', () => {
    expect(report.counts).toMatchObject({ guardians: 3, ballots: 11, cast: 8, challenged: 3, contests: 20 });
    const total = 11 + 3 + 20;
    expect(progress.at(-1)).toEqual([total, total]);
  });
});
