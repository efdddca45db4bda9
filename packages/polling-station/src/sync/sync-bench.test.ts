/**
 * The sync benchmark against the real server, small: every check-in, closing, sheet and
 * cancellation is on the server once, as counted from its board and its check-ins, with a third
 * of the connections cut (before and after the server commits).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../scan/photo-ops.js';
import { syncBench } from './sync-bench.js';

/** The first connections cut before and after the commit, then a seeded draw: never no cut. */
function scripted(first: readonly number[], then: () => number): () => number {
  let i = 0;
  return () => (i < first.length ? first[i++]! : then());
}

describe('sync benchmark against evident-server', () => {
  it('loses nothing and duplicates nothing with connections cut', async () => {
    const r = await syncBench({
      stations: 2,
      checkIns: 60,
      cut: 0.3,
      batch: 20,
      credentials: 5,
      random: scripted([0.05, 0.25], seededRandom(11)),
    });
    expect(r.cutBeforeCommit).toBeGreaterThan(0);
    expect(r.cutAfterCommit).toBeGreaterThan(0);
    expect([r.lost, r.duplicated]).toEqual([0, 0]);
    expect([r.serverCheckIns, r.closings, r.sheets]).toEqual([120, 2, 2]);
    expect([r.cancellations, r.credentialHolders]).toEqual([10, 10]);
  });
});
