/**
 * How long after a tally sheet is accepted a viewer of the results stream sees it (target ≤ 1 s).
 * An in-process server on 127.0.0.1 with a SQLite file (full durability); an election with
 * `stations` polling stations whose keys are registered on the board; `viewers` clients of
 * `GET …/results/stream` over real sockets. The server's clock is put at the counting start (the
 * fixture's election day is past or future depending on the machine's date). Each station's
 * signed sheet is posted in turn, after a random pause of 0–300 ms (sheets arrive at random
 * moments, not in step with the stream's 250 ms poll of the board); for each: submitted → accepted
 * (the 201 arrives) and accepted → its `station-sheet` event read by every viewer (the slowest
 * viewer counts).
 * Used by `npm run bench:sheet-latency` (`sheet-latency-bench.ts`) and the `sheet-latency` suite
 * of `npm run bench`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '@evident/server';
import { setUpElection } from '@evident/server/testing';
import { countedSheet, paperManifest, registerStationKey, signSheet } from '@evident/server/testing';
import { httpCall, readEventStream } from '@evident/server/testing';

const ADMIN = 'evd_sheet-latency-bench-admin-token-0123456789abcdef';
const ID = 'sheet-latency';
const COUNTING_START = Date.parse('2026-05-10T15:00:00.000Z');
/** A sheet not seen by then is a failure, not a figure. */
const TIMEOUT_MS = 10_000;

const round = (x: number): number => Math.round(x * 10) / 10;
const quantile = (xs: readonly number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

/** The report. */
export interface SheetLatencyReport {
  readonly stations: number;
  readonly viewers: number;
  /** ms, per sheet: submitted → 201 */
  readonly acceptMs: { readonly median: number; readonly p95: number; readonly max: number };
  /** ms, per sheet: 201 → its `station-sheet` event at the slowest viewer */
  readonly visibleMs: { readonly median: number; readonly p95: number; readonly max: number };
  readonly targetMs: 1000;
  readonly withinTarget: boolean;
}

/**
 * Runs the measurement.
 * @param o.stations - polling stations, one sheet each (≥ 1)
 * @param o.viewers - clients of the results stream (≥ 1)
 * @param o.log - progress
 * @throws {Error} when a step fails or a sheet is not in the stream within 10 s
 */
export async function runSheetLatency(o: {
  stations: number;
  viewers: number;
  log?: (s: string) => void;
}): Promise<SheetLatencyReport> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-sheet-latency-'));
  const app = await buildApp({
    dbPath: join(dir, 'e.db'),
    adminToken: ADMIN,
    rateLimit: false,
    now: () => Math.max(Date.now(), COUNTING_START),
  });
  const aborts: AbortController[] = [];
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = httpCall(base);
    const manifest = paperManifest(Math.max(0, o.stations - 3));
    const stations = manifest.pollingStations.map((s) => s.label).slice(0, o.stations);
    o.log?.(`setting up ${stations.length} stations…`);
    await setUpElection(call, ADMIN, { id: ID, manifest, voters: 2, open: false });
    const keys = new Map<string, Uint8Array>();
    for (const s of stations) keys.set(s, (await registerStationKey(app.evident, ID, s)).secretKey);
    const opened = await call('POST', `/elections/${ID}/open`, undefined, ADMIN);
    if (opened.status !== 200) throw new Error(`open: ${opened.status}`);

    // viewers: each records when it read each sheet's event
    const seen = Array.from({ length: o.viewers }, () => new Map<string, number>());
    const readers: Promise<unknown>[] = [];
    for (const m of seen) {
      const ac = new AbortController();
      aborts.push(ac);
      const r = await fetch(`${base}/elections/${ID}/results/stream`, { signal: ac.signal });
      if (r.status !== 200) throw new Error(`stream: ${r.status}`);
      readers.push(
        readEventStream(r.body as unknown as AsyncIterable<Uint8Array>, (event, data) => {
          if (event === 'station-sheet') m.set(data.sheetHash as string, performance.now());
        }).catch(() => undefined),
      );
    }

    const accept: number[] = [];
    const visible: number[] = [];
    for (const s of stations) {
      await new Promise((res) => setTimeout(res, Math.random() * 300));
      const { sheet, cvrs } = countedSheet(manifest, ID, s, [
        { c1: ['a'], c2: ['x'] },
        { c1: ['b'], c2: [] },
      ]);
      const signed = signSheet(sheet, keys.get(s)!);
      const t0 = performance.now();
      const r = await call('POST', `/elections/${ID}/stations/${s}/sheets`, { signed, cvrs }, ADMIN);
      const t1 = performance.now();
      if (r.status !== 201) throw new Error(`sheet of ${s}: ${r.status} ${JSON.stringify(r.json)}`);
      const h = r.json.sheetHash as string;
      while (seen.some((m) => !m.has(h)) && performance.now() - t1 < TIMEOUT_MS)
        await new Promise((res) => setTimeout(res, 2));
      if (seen.some((m) => !m.has(h)))
        throw new Error(`the sheet of ${s} was not in the stream after ${TIMEOUT_MS} ms`);
      accept.push(t1 - t0);
      visible.push(Math.max(...seen.map((m) => m.get(h)!)) - t1);
    }
    const stat = (xs: number[]) => ({
      median: round(quantile(xs, 0.5)),
      p95: round(quantile(xs, 0.95)),
      max: round(Math.max(...xs)),
    });
    for (const a of aborts) a.abort();
    await Promise.all(readers);
    const v = stat(visible);
    return {
      stations: stations.length,
      viewers: o.viewers,
      acceptMs: stat(accept),
      visibleMs: v,
      targetMs: 1000,
      withinTarget: v.max <= 1000,
    };
  } finally {
    for (const a of aborts) a.abort();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
