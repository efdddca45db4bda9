/**
 * The many-viewers benchmark (sse-viewers.ts) on a small scale: 60 viewers of a real
 * `evident-server` process, spread over loopback addresses so that the server's default cap of
 * 32 streams per address refuses none (all from one address, 28 would be refused), every viewer
 * gets every sheet's event, and the report carries the server's figures. Needs the built server
 * (`npx tsc -b`, as `npm test` does first).
 */
import { describe, expect, it } from 'vitest';
import { PER_ADDRESS, runSseViewers } from './sse-viewers.js';

describe('many viewers of the results stream (small scale)', () => {
  it('connects 60 viewers from 3 addresses and delivers 2 sheets to each, nothing broken', async () => {
    expect(PER_ADDRESS).toBeLessThan(32);
    const r = await runSseViewers({ viewers: 60, sheets: 2 });
    expect(r.clientAddresses).toBe(3);
    expect(r.broke).toMatchObject({ refused: 0, socketErrors: 0, closedEarly: 0, missedEvents: 0 });
    expect(r.broke.serverStreams).toMatchObject({ open: 60, refused: 0, dropped: 0 });
    expect(r.sheets).toBe(2);
    expect(r.deliveryMs.max).toBeGreaterThan(0);
    expect(r.snapshotMs.max).toBeGreaterThanOrEqual(r.snapshotMs.median);
    expect(r.snapshotMs.median).toBeGreaterThan(0);
    expect(r.serverRssMB.withViewers).toBeGreaterThan(0);
    expect(r.limits.serverOpenFiles).toBeGreaterThan(260);
  }, 120_000);
});
