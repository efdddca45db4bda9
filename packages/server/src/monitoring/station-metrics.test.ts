/**
 * The stations in the Prometheus metrics: sheets by state (accepted, superseded by a correction,
 * refused) and the sync lag of a station, on the app's scripted clock — read from the store, so
 * that a restarted server (or another node) reports the same lag.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePaperKey, type Manifest } from '@evident/e2e-crypto';
import { sheetHash, type TallySheet } from '@evident/record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, mustCall, setUpElection } from '../testing/local-election.js';
import { checkIn } from '../testing/station-election.js';
import {
  countedSheet,
  paperManifest,
  PAPER_COUNTING_START,
  registerStationKey,
  sameBallots,
  signSheet,
} from '../testing/station-sheets.js';

const ADMIN = 'evd_station-metrics-admin';
const ID = 'paper';

describe('station metrics', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let clock = PAPER_COUNTING_START;
  let key: Uint8Array;
  const manifest: Manifest = paperManifest();
  const path = `/elections/${ID}/stations/p1/sheets`;
  const post = (body: unknown) =>
    app.inject({
      method: 'POST',
      url: path,
      payload: body as object,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
  const make = (n: number, o: Partial<TallySheet> = {}) => {
    const { sheet, cvrs } = countedSheet(manifest, ID, 'p1', sameBallots(n, 'a'), o);
    return { signed: signSheet(sheet, key), cvrs, sheet };
  };
  const samples = async () => {
    const text = await app.evident.metrics.registry.metrics();
    const m = new Map<string, number>();
    for (const line of text.split('\n'))
      if (line && !line.startsWith('#'))
        m.set(line.slice(0, line.lastIndexOf(' ')), Number(line.split(' ').pop()));
    return m;
  };
  const sheets = async (state: string) =>
    (await samples()).get(`evident_station_sheets_total{state="${state}"}`);
  const lag = async () =>
    (await samples()).get(`evident_station_sync_lag_seconds{election="${ID}",station="p1"}`);

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => clock });
    await setUpElection(injectCall(app), ADMIN, { id: ID, manifest, voters: 2, open: false });
    key = (await registerStationKey(app.evident, ID, 'p1')).secretKey;
    await mustCall(injectCall(app), ADMIN)('POST', `/elections/${ID}/open`);
  });
  afterAll(async () => app.close());

  it('has no lag for a station never heard from', async () => {
    expect(await lag()).toBeUndefined();
  });

  it('counts an accepted sheet, a correction superseding it, a refused sheet; the lag grows with the clock', async () => {
    const first = make(3);
    expect((await post({ signed: first.signed, cvrs: first.cvrs })).statusCode).toBe(201);
    expect(await sheets('accepted')).toBe(1);
    expect(await sheets('superseded')).toBe(0);
    expect(await lag()).toBe(0);

    clock += 90_000;
    expect(await lag()).toBe(90);

    const fix = make(4, { sequence: 2, previousSheet: sheetHash(first.sheet), correctionReason: 'recount' });
    expect((await post({ signed: fix.signed, cvrs: fix.cvrs })).statusCode).toBe(201);
    expect(await sheets('accepted')).toBe(2);
    expect(await sheets('superseded')).toBe(1);
    expect(await lag()).toBe(0);

    const forged = signSheet(make(5, { sequence: 3 }).sheet, generatePaperKey().secretKey);
    expect((await post({ signed: forged })).statusCode).toBe(400);
    expect(await sheets('refused')).toBe(1);
    expect(await sheets('accepted')).toBe(2);
  });
});

describe('station sync lag after a restart', () => {
  it('is read from the store: a new app on the same database reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evd-lag-'));
    const dbPath = join(dir, 'db.sqlite');
    let clock = PAPER_COUNTING_START;
    const manifest = paperManifest();
    try {
      const first = await buildApp({ adminToken: ADMIN, rateLimit: false, dbPath, now: () => clock });
      await setUpElection(injectCall(first), ADMIN, { id: ID, manifest, voters: 2, open: false });
      const { secretKey } = await registerStationKey(first.evident, ID, 'p2');
      await registerStationKey(first.evident, ID, 'p1');
      const must = mustCall(injectCall(first), ADMIN);
      await must('POST', `/elections/${ID}/roll`, { voters: [{ voterId: 'v1', station: 'p1', name: 'V' }] });
      await must('POST', `/elections/${ID}/open`);
      // p1 is heard from by a check-in 30 s before p2's sheet
      clock -= 30_000;
      const taken = await must('POST', `/elections/${ID}/stations/p1/check-ins`, {
        checkIns: [checkIn('v1')],
      });
      expect(taken.results[0].status).toBe('accepted');
      clock += 30_000;
      const { sheet, cvrs } = countedSheet(manifest, ID, 'p2', sameBallots(2, 'b'));
      const r = await first.inject({
        method: 'POST',
        url: `/elections/${ID}/stations/p2/sheets`,
        payload: { signed: signSheet(sheet, secretKey), cvrs },
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(r.statusCode).toBe(201);
      await first.close();
      clock += 120_000;
      const second = await buildApp({ adminToken: ADMIN, rateLimit: false, dbPath, now: () => clock });
      try {
        const text = await second.evident.metrics.registry.metrics();
        expect(text).toContain(`evident_station_sync_lag_seconds{election="${ID}",station="p2"} 120`);
        expect(text).toContain(`evident_station_sync_lag_seconds{election="${ID}",station="p1"} 150`);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
