/**
 * Scripted attacks on the paper channel, against a real app on a scripted clock, each seen in
 * `GET /admin/alerts`: a sheet counting more ballots than its station's roll slice, a station's
 * turnout far from its district's median, a sheet corrected twice, stations silent past counting
 * time. Then an election day at a normal pace (sheets within their rolls, one correction, every
 * station on time) that raises nothing.
 */
import { sheetHash, type TallySheet } from '@evident/record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, mustCall, setUpElection } from '../testing/local-election.js';
import {
  countedSheet,
  paperManifest,
  PAPER_COUNTING_START,
  registerStationKey,
  sameBallots,
  signSheet,
} from '../testing/station-sheets.js';
import { checkSilentStations, SILENT_AFTER_MS, watchSilentStations } from './silent-stations.js';

const ADMIN = 'evd_station-anomalies-admin';

/** An open paper election: stations p1, p2 (d1), p3…p6 (d2), each with a key and `roll[station]` voters. */
async function paperElection(roll: Record<string, number>) {
  let clock = PAPER_COUNTING_START - 3_600_000;
  const app = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => clock });
  const manifest = paperManifest(3);
  const must = mustCall(injectCall(app), ADMIN);
  await setUpElection(injectCall(app), ADMIN, { id: 'paper', manifest, voters: 2, open: false });
  const keys = new Map<string, Uint8Array>();
  for (const s of manifest.pollingStations)
    keys.set(s.label, (await registerStationKey(app.evident, 'paper', s.label)).secretKey);
  const voters = Object.entries(roll).flatMap(([station, n]) =>
    Array.from({ length: n }, (_, i) => ({ voterId: `${station}-v${i}`, station, name: `Voter ${i}` })),
  );
  await must('POST', '/elections/paper/roll', { voters });
  await must('POST', '/elections/paper/open');
  clock = PAPER_COUNTING_START + 60_000;
  const sheets = new Map<string, TallySheet>();
  /** Signs and posts station's next sheet with `n` ballots (a correction when one is in). */
  const report = async (station: string, n: number) => {
    const prev = sheets.get(station);
    const o = prev
      ? { sequence: prev.sequence + 1, previousSheet: sheetHash(prev), correctionReason: 'recount' }
      : {};
    const { sheet, cvrs } = countedSheet(manifest, 'paper', station, sameBallots(n, 'a'), o);
    const r = await app.inject({
      method: 'POST',
      url: `/elections/paper/stations/${station}/sheets`,
      payload: { signed: signSheet(sheet, keys.get(station)!), cvrs },
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(r.statusCode).toBe(201);
    sheets.set(station, sheet);
  };
  const alerts = async () => {
    const r = await app.inject({
      url: '/admin/alerts?electionId=paper',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(r.statusCode).toBe(200);
    return r.json().alerts as { kind: string; station: string; reason: string; code: string }[];
  };
  const setClock = (t: number) => (clock = t);
  return { app, must, report, alerts, setClock };
}

describe('anomaly rules on station sheets (scripted attacks)', () => {
  let el: Awaited<ReturnType<typeof paperElection>>;
  beforeAll(async () => {
    el = await paperElection({ p1: 10, p2: 10, p3: 50, p4: 50, p5: 50, p6: 50 });
  });
  afterAll(async () => el.app.close());

  it('a roll slice of 10 and 12 ballots on the sheet: anomaly-turnout-above-roll', async () => {
    await el.report('p1', 12);
    const a = await el.alerts();
    expect(a.map((x) => [x.kind, x.station])).toEqual([['anomaly-turnout-above-roll', 'p1']]);
    expect(a[0]!.reason).toBe('sheet 1 counts 12 ballots and 12 check-ins for a roll slice of 10 voters');
  });

  it('a sheet corrected twice: anomaly-sheet-corrections at the second correction, not the first', async () => {
    await el.report('p2', 7);
    await el.report('p2', 8); // correction 1
    expect((await el.alerts()).filter((x) => x.station === 'p2')).toEqual([]);
    await el.report('p2', 9); // correction 2
    const a = (await el.alerts()).filter((x) => x.station === 'p2');
    expect(a.map((x) => x.kind)).toEqual(['anomaly-sheet-corrections']);
    expect(a[0]!.reason).toContain('sheet 3 is correction 2');
  });

  it("a station's turnout 36 points above its district's median: anomaly-turnout-outlier", async () => {
    for (const s of ['p3', 'p4', 'p5']) await el.report(s, 30); // 60 %
    expect((await el.alerts()).filter((x) => x.kind === 'anomaly-turnout-outlier')).toEqual([]);
    await el.report('p6', 48); // 96 %
    const a = (await el.alerts()).filter((x) => x.kind === 'anomaly-turnout-outlier');
    expect(a.map((x) => x.station)).toEqual(['p6']);
    expect(a[0]!.reason).toBe(
      'turnout 96% (48 ballots of 50) against a median of 60% over 3 other stations of district d2',
    );
  });

  it('lists the alerts newest first, only to officials, and counts them for Prometheus', async () => {
    const a = await el.alerts();
    expect(a[0]!.kind).toBe('anomaly-turnout-outlier');
    expect(a[a.length - 1]!.kind).toBe('anomaly-turnout-above-roll');
    expect((await el.app.inject({ url: '/admin/alerts?electionId=paper' })).statusCode).toBe(401);
    const unknown = await el.app.inject({
      url: '/admin/alerts?electionId=nope',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect([unknown.statusCode, unknown.json().field]).toEqual([404, 'electionId']);
    const r = await el.app.inject({
      url: '/admin/alerts?electionId=paper&limit=1',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(r.json().alerts.length).toBe(1);
    expect(r.json().next).toBe(r.json().alerts[0].id);
    const text = await el.app.evident.metrics.registry.metrics();
    for (const kind of ['anomaly-turnout-above-roll', 'anomaly-sheet-corrections', 'anomaly-turnout-outlier'])
      expect(text).toContain(`evident_alerts_total{kind="${kind}"} 1`);
  });
});

describe('anomaly rule: stations silent past counting time (the clock moved)', () => {
  let el: Awaited<ReturnType<typeof paperElection>>;
  beforeAll(async () => {
    el = await paperElection({ p1: 10 });
    await el.report('p1', 5);
    await el.must('POST', '/elections/paper/stations/p6/exclusion', { reason: 'flooded' });
  });
  afterAll(async () => el.app.close());

  it('raises nothing before the limit, then one alert per silent station, once', async () => {
    el.setClock(PAPER_COUNTING_START + SILENT_AFTER_MS - 60_000);
    expect(await checkSilentStations(el.app.evident)).toEqual([]);
    el.setClock(PAPER_COUNTING_START + SILENT_AFTER_MS + 60_000);
    // p1 reported, p6 is excluded: the others are silent
    expect(await checkSilentStations(el.app.evident)).toEqual([
      'paper/p2',
      'paper/p3',
      'paper/p4',
      'paper/p5',
    ]);
    el.setClock(PAPER_COUNTING_START + 2 * SILENT_AFTER_MS);
    expect(await checkSilentStations(el.app.evident)).toEqual([]);
    const a = await el.alerts();
    expect(a.map((x) => x.station).sort()).toEqual(['p2', 'p3', 'p4', 'p5']);
    expect(a.every((x) => x.kind === 'anomaly-station-silent')).toBe(true);
    expect(a.find((x) => x.station === 'p2')!.reason).toContain(
      `no sheet ${SILENT_AFTER_MS / 60_000 + 1} minutes after the counting start`,
    );
  });
});

describe("the silent-station rule on the server's timer", () => {
  it('finds a silent station by itself once the clock has passed the limit', async () => {
    const el = await paperElection({ p1: 10 });
    const errors: unknown[] = [];
    const watch = watchSilentStations(el.app.evident, { error: (o) => errors.push(o) }, 10);
    try {
      el.setClock(PAPER_COUNTING_START + SILENT_AFTER_MS + 1);
      let a: Awaited<ReturnType<typeof el.alerts>> = [];
      for (let i = 0; i < 500 && a.length < 6; i++) {
        await new Promise((res) => setTimeout(res, 10));
        a = await el.alerts();
      }
      expect(a.map((x) => x.station).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
      expect(errors).toEqual([]);
    } finally {
      watch.stop();
      await el.app.close();
    }
  });
});

describe('a normal election day raises no alert', () => {
  it('sheets within their rolls and near their district, one correction, every station on time', async () => {
    const el = await paperElection({ p1: 100, p2: 100, p3: 60, p4: 60, p5: 60, p6: 60 });
    try {
      for (const [s, n] of [
        ['p1', 80],
        ['p2', 75],
        ['p3', 36],
        ['p4', 40],
        ['p5', 33],
        ['p6', 45],
      ] as const)
        await el.report(s, n);
      await el.report('p1', 81); // one recount
      el.setClock(PAPER_COUNTING_START + 3 * SILENT_AFTER_MS);
      expect(await checkSilentStations(el.app.evident)).toEqual([]);
      expect(await el.alerts()).toEqual([]);
    } finally {
      await el.app.close();
    }
  });
});
