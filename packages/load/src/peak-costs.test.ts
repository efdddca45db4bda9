/**
 * The peak's core count (./peak-costs.ts): the idle CPU counted once, each kind's CPU net of idle
 * times its target rate.
 */
import { describe, expect, it } from 'vitest';
import { coresAt, type KindCost } from './peak-costs.js';

const cost = (netMsPerRequest: number): KindCost => ({
  rate: 1000,
  achievedPerSecond: 1000,
  failures: 0,
  msPerRequest: netMsPerRequest + 0.5, // idle spread over the requests: never used for the count
  netMsPerRequest,
  mainMsPerRequest: 0,
  writerMsPerRequest: 0,
  workersMsPerRequest: 0,
  systemShare: 0,
  ballotsPerBatch: Number.NaN,
  jobsPerCommit: Number.NaN,
  p99Ms: 0,
});

describe('coresAt', () => {
  it('adds the idle cores once to rate × net CPU per request of each kind', () => {
    const perKind = { cast: cost(2), 'tree-head': cost(0.2) };
    const rate = (k: string): number => (k === 'cast' ? 1050 : 1737.5);
    // 1,050 × 2 ms = 2.1 cores, 1,737.5 × 0.2 ms = 0.3475, idle 15 ms/s = 0.015
    expect(coresAt(perKind, rate, 15)).toBeCloseTo(2.1 + 0.3475 + 0.015, 10);
  });

  it('is the idle cores alone when no kind was measured', () => {
    expect(coresAt({}, () => 1000, 20)).toBeCloseTo(0.02, 10);
  });
});
