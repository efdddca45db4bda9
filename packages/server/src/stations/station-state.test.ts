/**
 * The station state is the board's (spec/server-api.md §11.8): what the routes decide on equals
 * the fold of the board's own entries — also for an entry that reached the board by another path,
 * and after a restart from the database file; inside one writer batch, a job sees what the
 * earlier jobs appended, and nothing of a job that failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { ApiError } from '../errors.js';
import { injectCall, mustCall, setUpElection } from '../testing/local-election.js';
import {
  registerStation,
  signedClosing,
  stationsManifest,
  type TestStation,
} from '../testing/station-election.js';
import {
  appendStationEntry,
  applyStationEntry,
  pendingStations,
  readStationState,
  stagedStationState,
  type StationState,
} from './station-state.js';

const ADMIN = 'evd_station-state-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

/** The state as a plain value, for comparisons. */
const plain = (s: StationState) => ({
  printingKey: s.printingKey,
  keys: Object.fromEntries(s.keys),
  closed: Object.fromEntries(s.closed),
  excluded: Object.fromEntries(s.excluded),
});

/** The fold of every entry of the board as the public API gives it. */
async function foldOfBoard(app: App, id: string): Promise<ReturnType<typeof plain>> {
  const must = mustCall(injectCall(app), ADMIN);
  const { entries } = await must('GET', `/elections/${id}/board/entries?start=0`);
  const s: StationState = { keys: new Map(), closed: new Map(), excluded: new Map() };
  entries.forEach((e: { entry: string } | string, i: number) =>
    applyStationEntry(s, i, JSON.parse(typeof e === 'string' ? e : e.entry) as Record<string, unknown>),
  );
  return plain(s);
}

describe('station state derived from the board', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evd-station-state-'));
  const dbPath = join(dir, 'server.db');
  let app: App;
  let p1: TestStation;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, dbPath, durability: 'normal' });
    const call = injectCall(app);
    const must = mustCall(call, ADMIN);
    await setUpElection(call, ADMIN, {
      open: false,
      voters: 1,
      manifest: stationsManifest(['p1', 'p2', 'p3', 'p4']),
    });
    await must('PUT', '/elections/e1/printing-key', { publicKey: toHex(generatePaperKey().publicKey) });
    p1 = await registerStation(must, 'e1', 'p1');
    await registerStation(must, 'e1', 'p2');
    await registerStation(must, 'e1', 'p3');
    await must('POST', '/elections/e1/open');
    await must('POST', '/elections/e1/stations/p1/poll-book/close', signedClosing(p1, 'e1', 0));
    await must('POST', '/elections/e1/stations/p2/exclusion', { reason: 'flooded' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('equals the fold of the board entries, and names the pending station', async () => {
    const s = await readStationState(app.evident, 'e1');
    expect([...s.keys.keys()].sort()).toEqual(['p1', 'p2', 'p3']);
    expect([...s.closed.keys()]).toEqual(['p1']);
    expect(s.excluded.get('p2')?.reason).toBe('flooded');
    expect(s.printingKey?.publicKey).toMatch(/^[0-9A-F]{64}$/);
    expect(plain(s)).toEqual(await foldOfBoard(app, 'e1'));
    expect(pendingStations(s)).toEqual(['p3']);
  });

  it('follows an entry that reached the board by another path (no second copy to update)', async () => {
    const ctx = app.evident;
    const index = await ctx.writer.submit((tx) =>
      tx.append('e1', 'station-exclusion', { station: 'p3', reason: 'fire', time: ctx.now() }),
    );
    const s = await readStationState(ctx, 'e1');
    expect(s.excluded.get('p3')).toEqual({ index, reason: 'fire' });
    expect(pendingStations(s)).toEqual([]);
    expect(plain(s)).toEqual(await foldOfBoard(app, 'e1'));
  });

  it('is the same after a restart from the database file', async () => {
    const before = plain(await readStationState(app.evident, 'e1'));
    await app.close();
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, dbPath, durability: 'normal' });
    expect(plain(await readStationState(app.evident, 'e1'))).toEqual(before);
  });

  it("shows a job the entries of its batch's earlier jobs, and nothing of a failed job", async () => {
    const ctx = app.evident;
    const { publicKey } = { publicKey: toHex(generatePaperKey().publicKey) };
    const seen: string[][] = [];
    // submitted in one turn: one batch; the station-key of p4 is staged, never committed
    const jobs = [
      ctx.writer.submit(async (tx) => {
        await appendStationEntry(ctx, tx, 'e1', 'station-exclusion', { station: 'p4', reason: 'x', time: 0 });
        seen.push([...(await stagedStationState(ctx, tx, 'e1')).excluded.keys()].sort());
      }),
      ctx.writer.submit(async (tx) => {
        await appendStationEntry(ctx, tx, 'e1', 'station-key', { station: 'p4', publicKey, time: 0 });
        throw new ApiError('EVD_ERR_CONFLICT', 'refused after staging');
      }),
      ctx.writer.submit(async (tx) => {
        const s = await stagedStationState(ctx, tx, 'e1');
        seen.push([...s.excluded.keys()].sort(), [...s.keys.keys()].sort());
        // outside the writer, the batch is not visible before its commit
        seen.push([...(await readStationState(ctx, 'e1')).excluded.keys()].sort());
      }),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toEqual([
      ['p2', 'p3', 'p4'],
      ['p2', 'p3', 'p4'],
      ['p1', 'p2', 'p3'],
      ['p2', 'p3'],
    ]);
    const s = await readStationState(ctx, 'e1');
    expect([...s.excluded.keys()].sort()).toEqual(['p2', 'p3', 'p4']);
    expect(s.keys.has('p4')).toBe(false);
    expect(plain(s)).toEqual(await foldOfBoard(app, 'e1'));
  });

  it('refuses a second key for one station and one key for two stations in one batch', async () => {
    const call = injectCall(app);
    const must = mustCall(call, ADMIN);
    await must('POST', '/elections', {
      id: 'e2',
      profile: 'ristretto255',
      manifest: stationsManifest(),
      timeZone: 'UTC',
    });
    const [a, b] = [toHex(generatePaperKey().publicKey), toHex(generatePaperKey().publicKey)];
    const put = (station: string, publicKey: string) =>
      call('PUT', `/elections/e2/stations/${station}/key`, { publicKey }, ADMIN);
    const one = await Promise.all([put('p1', a), put('p1', b), put('p2', a)]);
    // The writer takes them in some order (on PostgreSQL not always the order sent): p1=a first
    // refuses both others; p1=b or p2=a first lets exactly one other through. Never two keys
    // for one station nor one key for two stations.
    const accepted = one.flatMap((r, i) => (r.status === 201 ? [i] : []));
    expect([[0], [1, 2]]).toContainEqual(accepted);
    expect(one.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const s = await readStationState(app.evident, 'e2');
    expect(s.keys.size).toBe(accepted.length);
    expect(new Set([...s.keys.values()].map((k) => k.publicKey)).size).toBe(s.keys.size);
    expect(plain(s)).toEqual(await foldOfBoard(app, 'e2'));
  });
});
