import { describe, expect, it } from 'vitest';
import { eventLoopFigures, watchEventLoop } from './event-loop.js';

/** Holds the thread for `ms` milliseconds, as a synchronous commit would. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('the event-loop figures of GET /metrics', () => {
  it('count a blocked loop as busy and its stall as a timer delay', async () => {
    watchEventLoop();
    await new Promise((r) => setTimeout(r, 20));
    const before = eventLoopFigures();
    await new Promise<void>((r) =>
      setTimeout(() => {
        block(120);
        r();
      }, 1),
    );
    await new Promise((r) => setTimeout(r, 20));
    const after = eventLoopFigures();
    expect(after.activeMs - before.activeMs).toBeGreaterThanOrEqual(100);
    expect(after.idleMs).toBeGreaterThanOrEqual(before.idleMs);
    // the monitor's 5 ms timer fired about 120 ms late once
    expect(after.delayMs.max).toBeGreaterThanOrEqual(100);
    expect(after.delayMs.p50).toBeLessThanOrEqual(after.delayMs.p99);
  });
});
