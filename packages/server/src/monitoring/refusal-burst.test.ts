/**
 * The refusal-burst rule on its own, with a scripted clock: a burst raises one alert per window
 * and address; a normal pace and other addresses raise none.
 */
import { describe, expect, it } from 'vitest';
import { REFUSAL_BURST_THRESHOLD, REFUSAL_BURST_WINDOW_MS, refusalBurstRule } from './refusal-burst.js';

/** Feeds `n` refusals from `address`, `step` ms apart from `start`; returns the alerts raised. */
function feed(
  rule: ReturnType<typeof refusalBurstRule>,
  address: string,
  start: number,
  n: number,
  step: number,
) {
  const alerts: number[] = [];
  for (let i = 0; i < n; i++)
    if (rule.observe(address, start + i * step) !== undefined) alerts.push(start + i * step);
  return alerts;
}

describe('refusal-burst rule', () => {
  it('raises exactly one alert for a burst, at the threshold, and none more within its window', () => {
    const rule = refusalBurstRule();
    const alerts = feed(rule, '10.0.0.1', 0, 3 * REFUSAL_BURST_THRESHOLD, 500); // 60 refusals in 30 s
    expect(alerts).toEqual([(REFUSAL_BURST_THRESHOLD - 1) * 500]);
  });

  it('raises one alert per window while the burst goes on', () => {
    const rule = refusalBurstRule();
    // 2 refusals a second for 3 windows
    const alerts = feed(rule, '10.0.0.1', 0, 6 * 60, 500);
    expect(alerts.length).toBe(3);
    for (let i = 1; i < alerts.length; i++)
      expect(alerts[i]! - alerts[i - 1]!).toBeGreaterThanOrEqual(REFUSAL_BURST_WINDOW_MS);
  });

  it('raises none for a mistyping voter pace, just under the threshold per window', () => {
    const rule = refusalBurstRule();
    const step = Math.ceil(REFUSAL_BURST_WINDOW_MS / (REFUSAL_BURST_THRESHOLD - 1)); // 19 a minute
    expect(feed(rule, '10.0.0.1', 0, 200, step)).toEqual([]);
  });

  it('counts each address apart', () => {
    const rule = refusalBurstRule();
    for (let i = 0; i < 100; i++) expect(rule.observe(`10.0.${i % 10}.1`, i * 100)).toBeUndefined();
    expect(feed(rule, '10.0.0.1', 10_000, REFUSAL_BURST_THRESHOLD, 10).length).toBe(1);
  });

  it('refuses a meaningless threshold or window, naming it', () => {
    expect(() => refusalBurstRule(0)).toThrow(/threshold/);
    expect(() => refusalBurstRule(5, 0)).toThrow(/windowMs/);
  });
});
