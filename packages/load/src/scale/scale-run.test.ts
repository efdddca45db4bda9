/**
 * The million-voter run on a small scale (`bench:scale --quick`): 10,000 credentials, 2,000
 * ballots generated and cast over HTTP into a real `evident-server` process, tallied, exported,
 * and the record checked by the real `evident-verify`; the counts must add up from end to end.
 * Needs the built packages (`npx tsc -b`, as `npm test` does first). Not part of the timed
 * benchmark: no figure is asserted beyond being measured.
 */
import { describe, expect, it } from 'vitest';
import { runScale } from './scale-run.js';

describe('the scale run, quick', () => {
  it('issues, casts, tallies, exports and verifies 2,000 of 10,000 voters, every count adding up', async () => {
    const r = await runScale({
      voters: 10_000,
      ballots: 2_000,
      nodes: 1,
      concurrency: 32,
      options: 5,
      batch: 4_000, // three batches: the last one short
    });
    expect(r.checks).toEqual({
      credentialsPublished: true,
      everyBallotAcknowledged: true,
      tallyCountsEveryBallot: true,
      tallyMatchesChoices: true,
      recordVerifies: true,
    });
    expect(r.credentials).toMatchObject({ issued: 10_000, published: 10_000, batches: 3 });
    expect(r.cast).toMatchObject({
      sent: 2_000,
      acknowledged: 2_000,
      statuses: { 200: 2_000 },
      perNode: [2_000],
    });
    expect(r.verify).toMatchObject({ exitCode: 0, valid: true, failures: 0 });
    expect(r.verify.counts).toMatchObject({ ballots: 2_000, cast: 2_000 });
    expect(r.generate.ballots).toBe(2_000);
    // each figure measured, and projected beside it
    for (const x of [r.generate, r.cast, r.export, r.verify]) {
      expect(x.seconds).toBeGreaterThan(0);
      expect(x.projected1M.seconds / (x.seconds * 500)).toBeCloseTo(1, 1);
    }
    expect(r.credentials.projected1M.seconds / (r.credentials.seconds * 100)).toBeCloseTo(1, 1);
    expect(r.database.afterCastingMB).toBeGreaterThan(r.database.afterCredentialsMB);
    expect(r.database.projected1M.MB).toBeGreaterThan(r.database.afterCastingMB);
    expect(r.export.recordMB).toBeGreaterThan(0);
    for (const mb of [
      r.generate.peakRssMB,
      r.export.peakRssMB,
      r.verify.peakRssMB,
      ...r.cast.serverPeakRssMB,
    ])
      expect(mb).toBeGreaterThan(20);
  }, 300_000);
});
