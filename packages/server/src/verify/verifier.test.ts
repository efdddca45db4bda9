/** The worker pool's batching rule (spec/server-api.md §6.3). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextShare } from './verifier.js';

const rule = { minBatch: 8, maxBatch: 32, maxWaitMs: 20 };

describe('nextShare', () => {
  it('waits for company only while fewer than minBatch wait and the oldest is young', () => {
    expect(nextShare(3, 2, 5, rule)).toEqual({ waitMs: 15 });
    expect(nextShare(3, 2, 20, rule)).toEqual({ take: 3 });
    expect(nextShare(8, 2, 0, rule)).toEqual({ take: 8 });
    expect(nextShare(0, 2, 100, rule)).toEqual({ take: 0 });
    expect(nextShare(5, 0, 100, rule)).toEqual({ take: 0 });
  });
  it('shares evenly between idle workers, in batches of at least minBatch and at most maxBatch', () => {
    expect(nextShare(20, 2, 0, rule)).toEqual({ take: 10 });
    expect(nextShare(10, 2, 0, rule)).toEqual({ take: 8 });
    expect(nextShare(100, 2, 0, rule)).toEqual({ take: 32 });
    fc.assert(
      fc.property(fc.nat(200), fc.integer({ min: 1, max: 8 }), fc.nat(50), (q, idle, waited) => {
        const r = nextShare(q, idle, waited, rule);
        if (q === 0) {
          expect(r).toEqual({ take: 0 });
          return;
        }
        if ('waitMs' in r) {
          expect(q).toBeLessThan(rule.minBatch);
          expect(waited + r.waitMs).toBeGreaterThanOrEqual(rule.maxWaitMs);
          return;
        }
        expect(r.take).toBeGreaterThanOrEqual(1);
        expect(r.take).toBeLessThanOrEqual(Math.min(q, rule.maxBatch));
        // nothing is left behind that the idle workers could have taken at their batch size
        expect(r.take * idle).toBeGreaterThanOrEqual(Math.min(q, rule.maxBatch * idle, rule.minBatch));
      }),
    );
  });
});
