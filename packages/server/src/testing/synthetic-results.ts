/**
 * A results feed at any pace, for running the results display for hours in minutes
 * (spec/server-api.md §12.5): an HTTP relay on 127.0.0.1 in front of a real server that passes
 * every request through (the page, its script, the manifest) except the election's results and
 * results stream, which it answers itself with synthetic snapshots in the real format. Snapshot
 * k varies every figure the page draws — turnout, the live check-ins per station, which stations
 * reported with what counts, and every eighth one a decrypted online result — with a layout
 * that repeats every {@link LAYOUT_PERIOD} events, so that a DOM measured at multiples of it
 * should be the same size. `reconnect()` ends every open stream (as a server restart does).
 * @module
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Manifest } from '@evident/e2e-crypto';

/** Snapshots k and k + LAYOUT_PERIOD have the same layout (rows, sections). */
export const LAYOUT_PERIOD = 8;

/** The feed. */
export interface SyntheticResults {
  /** The relay's base URL (open the page here). */
  readonly base: string;
  /** The id (tree size) of the last snapshot sent. */
  readonly last: number;
  /** Open streams now. */
  readonly viewers: number;
  /** Sends the next snapshot (and, every fourth, a `station-sheet` event) to every viewer. */
  emit(): number;
  /** Fields laid over every snapshot from now on (e.g. `results` with ranked counts), or none. */
  set(overlay: Record<string, unknown> | undefined): void;
  /** Ends every open stream; the viewers reconnect by themselves. */
  reconnect(): void;
  close(): Promise<void>;
}

const counts = (k: number, n: number, salt: number) =>
  Array.from({ length: n }, (_, i) => ((k * 7 + i * 13 + salt) % 97) + 1);

/** Synthetic snapshot `k` of election `id` (the shape of `GET …/results`). */
export function syntheticSnapshot(m: Manifest, id: string, k: number): Record<string, unknown> {
  const phase = k % LAYOUT_PERIOD;
  const reported = m.pollingStations.slice(0, phase % (m.pollingStations.length + 1));
  const contestsOf = (salt: number) =>
    m.contests.map((c) => ({
      label: c.label,
      selections: c.options.map((o, i) => ({ label: o.label, value: counts(k, c.options.length, salt)[i]! })),
      blank: salt % 3,
      overvoted: 0,
    }));
  const byStation = reported.map((s, i) => ({
    station: s.label,
    district: s.district,
    sequence: 1 + (phase % 2),
    sheetHash: (k * 31 + i).toString(16).padStart(64, '0'),
    checkIns: 100 + i,
    ballots: 90 + i,
    contests: contestsOf(i),
  }));
  const totals = (rows: typeof byStation, expected: number) => ({
    stationsExpected: expected,
    stationsReported: rows.length,
    checkIns: rows.reduce((a, r) => a + r.checkIns, 0),
    ballots: rows.reduce((a, r) => a + r.ballots, 0),
    contests: rows.length > 0 ? contestsOf(99) : [],
  });
  const paper = {
    ...totals(byStation, m.pollingStations.length),
    byStation,
    byDistrict: m.districts.map((d) => ({
      district: d.label,
      ...totals(
        byStation.filter((r) => r.district === d.label),
        m.pollingStations.filter((s) => s.district === d.label).length,
      ),
    })),
    total: totals(byStation, m.pollingStations.length),
    checkIns: Object.fromEntries(m.pollingStations.map((s, i) => [s.label, k * (i + 1)])),
  };
  const decrypted = phase === LAYOUT_PERIOD - 1;
  return {
    election: {
      id,
      state: decrypted ? 'published' : 'open',
      countingStart: '2026-05-10T17:00',
      timeZone: 'UTC',
    },
    treeSize: k,
    turnout: { credentials: 100_000, cast: k * 3, counted: k * 2, challenged: k % 5, superseded: k % 3 },
    ...(decrypted
      ? {
          results: {
            quorum: [],
            contests: contestsOf(7).map(({ label, selections }) => ({ label, selections })),
          },
        }
      : {}),
    paper,
  };
}

/**
 * Starts the relay in front of the server at `target` for election `id` (manifest `m`);
 * snapshot ids start at `from` (above any real tree size, so that the page takes them).
 */
export function syntheticResults(
  target: string,
  m: Manifest,
  id: string,
  from = 1_000,
): Promise<SyntheticResults> {
  const prefix = `/elections/${encodeURIComponent(id)}/results`;
  const streams = new Set<ServerResponse>();
  let k = from;
  let overlay: Record<string, unknown> | undefined;
  const snapshot = () => ({ ...syntheticSnapshot(m, id, k), ...overlay });
  const frame = (event: string, data: unknown, withId = true) =>
    `event: ${event}\n${withId ? `id: ${k}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
  const t = new URL(target);

  const pass = (req: IncomingMessage, res: ServerResponse) => {
    const up = request(
      { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === `${prefix}/stream`) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      // reconnect quickly: the accelerated run ends streams often
      res.write(`retry: 200\n\n${frame('turnout', snapshot())}`);
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    if (path === prefix) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(snapshot()));
      return;
    }
    pass(req, res);
  });

  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        base: `http://127.0.0.1:${port}`,
        get last() {
          return k;
        },
        get viewers() {
          return streams.size;
        },
        emit() {
          k++;
          const snap = snapshot();
          let out = frame(snap.results ? 'result' : 'turnout', snap);
          if (k % 4 === 0) {
            const s = m.pollingStations[k % m.pollingStations.length];
            if (s)
              out =
                frame('station-sheet', { electionId: id, station: s.label, sequence: 1, index: k }, false) +
                out;
          }
          for (const r of streams) r.write(out);
          return k;
        },
        set(o) {
          overlay = o;
        },
        reconnect() {
          for (const r of streams) r.end();
          streams.clear();
        },
        close: () =>
          new Promise<void>((res) => {
            for (const r of streams) r.destroy();
            server.closeAllConnections();
            server.close(() => res());
          }),
      });
    }),
  );
}
