/**
 * Many viewers of the results stream on one node (spec/server-api.md §12.5, target: 1,000): a
 * real `evident-server` process on a temporary SQLite file, an election with `stations` keyed
 * polling stations, `viewers` clients of `GET …/results/stream` over sockets of their own, then
 * one signed tally sheet per station, one after another. Measured: the server's RSS before and
 * with the viewers, its CPU while the sheets go out, and for each (sheet, viewer) the time from
 * the 201 to that viewer's `station-sheet` event (median, p95, max), plus what broke (refused
 * or dropped streams, socket errors, the server's own stream counters).
 *
 * Limits that apply, and how the run meets them: the server admits at most `streamsPerAddress`
 * streams from one client address (default 32, 429 over it) — every viewer here connects from
 * its own loopback address among 127.0.0.2… (`localAddress`), at most {@link PER_ADDRESS} per
 * address, so the default cap stays in force, as for real viewers behind distinct addresses;
 * `streamsMax` (default 10,000) is above the run. Each stream is one file descriptor in the
 * server and one here: both processes' open-file limits (RLIMIT_NOFILE, read from /proc) must
 * exceed the viewers, else the run stops before connecting, saying so (raise it with `ulimit -n`).
 * The bench process runs on the same machine and its parsing competes for the same cores: the
 * latencies are an upper bound of the server's.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { setUpElection } from '@evident/server/testing';
import { countedSheet, paperManifest, signSheet } from '@evident/server/testing';
import { compiledCli, httpCall, startServer, stopServer, type ServerProcess } from '@evident/server/testing';
import { cpuMsOf, rssOf } from './proc-stats.js';

const ADMIN = 'evd_sse-viewers-bench-admin-token-0123456789abcdef';
const ID = 'sse-viewers';
/** Viewers per client address (the server's default cap is 32). */
export const PER_ADDRESS = 25;
const TIMEOUT_MS = 15_000;

/** Quantiles of a list of ms. */
export interface Quantiles {
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/** The report. */
export interface SseViewersReport {
  readonly viewers: number;
  readonly sheets: number;
  readonly clientAddresses: number;
  readonly limits: {
    readonly serverOpenFiles: number;
    readonly benchOpenFiles: number;
    readonly streamsPerAddress: number;
  };
  /** time to open every stream and read its first frame, s */
  readonly connectSeconds: number;
  readonly serverRssMB: { readonly idle: number; readonly withViewers: number; readonly afterSheets: number };
  /** the server's CPU while the sheets were sent out: ms per sheet, and its share of one core */
  readonly serverCpu: { readonly msPerSheet: number; readonly coreShare: number };
  /** 201 → `station-sheet` event, every (sheet, viewer) pair */
  readonly deliveryMs: Quantiles;
  /** 201 → the first snapshot that includes the sheet (what the display redraws from), every pair */
  readonly snapshotMs: Quantiles;
  /** 201 → the slowest viewer's event, per sheet */
  readonly slowestViewerMs: Quantiles;
  readonly broke: {
    readonly refused: number;
    readonly socketErrors: number;
    readonly closedEarly: number;
    readonly missedEvents: number;
    readonly serverStreams: unknown;
  };
}

const round = (x: number, d = 1): number => Number(x.toFixed(d));
const quantiles = (xs: readonly number[]): Quantiles => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { median: round(q(0.5)), p95: round(q(0.95)), max: round(s.at(-1) ?? NaN) };
};

/** The soft open-file limit of process `pid` (Linux /proc; NaN elsewhere). */
export function openFileLimit(pid: number | 'self'): number {
  try {
    const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return m ? (m[1] === 'unlimited' ? Infinity : Number(m[1])) : NaN;
  } catch {
    return NaN;
  }
}

/** What one viewer read: each sheet's event time by hash, each snapshot's id (tree size) and time. */
interface Seen {
  readonly sheets: Map<string, number>;
  readonly snapshots: [id: number, at: number][];
}

/** One viewer: a raw stream, read for event names and ids only (no JSON parse of snapshots). */
function openViewer(
  base: URL,
  localAddress: string,
  seen: Seen,
  on: { first(): void; refused(status: number): void; error(): void; closed(): void },
): ClientRequest {
  let buf = '';
  let first = false;
  const req = request(
    {
      host: base.hostname,
      port: base.port,
      path: `/elections/${ID}/results/stream`,
      localAddress,
      agent: false,
    },
    (res) => {
      if (res.statusCode !== 200) {
        on.refused(res.statusCode ?? 0);
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (!first && frame.includes('data:')) {
            first = true;
            on.first();
          }
          if (frame.startsWith('event: station-sheet')) {
            const h = /"sheetHash":"([0-9A-Fa-f]+)"/.exec(frame)?.[1];
            if (h) seen.sheets.set(h.toLowerCase(), performance.now());
          } else {
            const id = /^id: (\d+)$/m.exec(frame.slice(0, 200))?.[1];
            if (id) seen.snapshots.push([Number(id), performance.now()]);
          }
        }
      });
      res.on('close', () => on.closed());
    },
  );
  req.on('error', () => on.error());
  req.end();
  return req;
}

/**
 * Runs the measurement.
 * @throws {Error} when the server is not built or does not start, the open-file limits are too
 *   low for the viewers, a setup step fails, or the viewers cannot connect
 */
export async function runSseViewers(o: {
  viewers: number;
  sheets: number;
  log?: (s: string) => void;
}): Promise<SseViewersReport> {
  const log = o.log ?? (() => undefined);
  const cli = compiledCli();
  if (!cli) throw new Error('packages/server/dist/cli.js missing — run `npx tsc -b` first');
  const benchFiles = openFileLimit('self');
  if (benchFiles < o.viewers + 200)
    throw new Error(
      `this process may open ${benchFiles} files, too few for ${o.viewers} viewers: raise ulimit -n`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'evident-sse-viewers-'));
  let server: ServerProcess | undefined;
  const requests: ClientRequest[] = [];
  try {
    server = await startServer(
      cli,
      ['--db', join(dir, 'e.db'), '--host', '127.0.0.1', '--port', '0', '--rate-limit', '0'],
      {
        EVIDENT_ADMIN_TOKEN: ADMIN,
      },
    );
    const pid = server.child.pid!;
    const serverFiles = openFileLimit(pid);
    if (serverFiles < o.viewers + 200)
      throw new Error(
        `the server may open ${serverFiles} files, too few for ${o.viewers} viewers: raise ulimit -n`,
      );
    const call = httpCall(server.base, 60_000);
    const manifest = paperManifest(Math.max(0, o.sheets - 3));
    const stations = manifest.pollingStations.map((s) => s.label).slice(0, o.sheets);
    log(`election with ${stations.length} stations…`);
    await setUpElection(call, ADMIN, { id: ID, manifest, voters: 1, open: false });
    const keys = new Map<string, Uint8Array>();
    for (const s of stations) {
      const k = generatePaperKey();
      const r = await call(
        'PUT',
        `/elections/${ID}/stations/${s}/key`,
        { publicKey: toHex(k.publicKey) },
        ADMIN,
      );
      if (r.status >= 300) throw new Error(`station key of ${s}: ${r.status} ${JSON.stringify(r.json)}`);
      keys.set(s, k.secretKey);
    }
    const opened = await call('POST', `/elections/${ID}/open`, undefined, ADMIN);
    if (opened.status !== 200) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.json)}`);
    await new Promise((r) => setTimeout(r, 500));
    const rssIdle = rssOf(pid);

    log(`opening ${o.viewers} streams from ${Math.ceil(o.viewers / PER_ADDRESS)} loopback addresses…`);
    const base = new URL(server.base);
    const seen: Seen[] = Array.from({ length: o.viewers }, () => ({ sheets: new Map(), snapshots: [] }));
    const live = new Array<boolean>(o.viewers).fill(false);
    let firsts = 0;
    let refused = 0;
    let socketErrors = 0;
    let closed = 0;
    const t0 = performance.now();
    for (let i = 0; i < o.viewers; i++) {
      const a = Math.floor(i / PER_ADDRESS);
      const on = {
        first: () => {
          firsts++;
          live[i] = true;
        },
        refused: () => refused++,
        error: () => socketErrors++,
        closed: () => {
          closed++;
          live[i] = false;
        },
      };
      requests.push(openViewer(base, `127.0.${1 + Math.floor(a / 250)}.${2 + (a % 250)}`, seen[i]!, on));
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5)); // let the accepts keep up
    }
    while (firsts + refused + socketErrors < o.viewers && performance.now() - t0 < 60_000)
      await new Promise((r) => setTimeout(r, 20));
    const connectSeconds = round((performance.now() - t0) / 1000, 2);
    log(`${firsts} streams open in ${connectSeconds} s (${refused} refused, ${socketErrors} socket errors)`);
    if (firsts === 0) throw new Error('no viewer could connect');
    await new Promise((r) => setTimeout(r, 1000));
    const rssViewers = rssOf(pid);

    const delivery: number[] = [];
    const snapshotDelivery: number[] = [];
    const slowest: number[] = [];
    let missed = 0;
    const cpu0 = cpuMsOf(pid);
    const w0 = performance.now();
    for (const s of stations) {
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
      const { sheet, cvrs } = countedSheet(manifest, ID, s, [{ c1: ['a'], c2: ['x'] }, { c1: ['b'] }]);
      const r = await call(
        'POST',
        `/elections/${ID}/stations/${s}/sheets`,
        { signed: signSheet(sheet, keys.get(s)!), cvrs },
        ADMIN,
      );
      const t1 = performance.now();
      if (r.status !== 201) throw new Error(`sheet of ${s}: ${r.status} ${JSON.stringify(r.json)}`);
      const h = (r.json.sheetHash as string).toLowerCase();
      // the snapshot that includes the sheet and its CVRs: a tree larger than their indices
      const after = Math.max(r.json.receipt.index as number, (r.json.cvrsReceipt?.index as number) ?? 0);
      const snapAt = (v: Seen) => v.snapshots.find(([id]) => id > after)?.[1];
      const waiting = () => seen.some((v, i) => live[i] && (!v.sheets.has(h) || snapAt(v) === undefined));
      while (waiting() && performance.now() - t1 < TIMEOUT_MS) await new Promise((res) => setTimeout(res, 5));
      const got = seen.map((v) => v.sheets.get(h)).filter((t): t is number => t !== undefined);
      for (const v of seen) {
        const t = snapAt(v);
        if (t !== undefined) snapshotDelivery.push(t - t1);
      }
      missed += firsts - got.length;
      for (const t of got) delivery.push(t - t1);
      if (got.length > 0) slowest.push(Math.max(...got) - t1);
      log(`sheet of ${s}: at ${got.length} viewers, slowest after ${round(Math.max(...got) - t1)} ms`);
    }
    const cpuMs = cpuMsOf(pid) - cpu0;
    const wallMs = performance.now() - w0;
    const rssAfter = rssOf(pid);
    const metrics = await call('GET', '/metrics', undefined, ADMIN);
    return {
      viewers: o.viewers,
      sheets: stations.length,
      clientAddresses: Math.ceil(o.viewers / PER_ADDRESS),
      limits: { serverOpenFiles: serverFiles, benchOpenFiles: benchFiles, streamsPerAddress: 32 },
      connectSeconds,
      serverRssMB: {
        idle: round(rssIdle / 2 ** 20),
        withViewers: round(rssViewers / 2 ** 20),
        afterSheets: round(rssAfter / 2 ** 20),
      },
      serverCpu: { msPerSheet: round(cpuMs / stations.length), coreShare: round(cpuMs / wallMs, 3) },
      deliveryMs: quantiles(delivery),
      snapshotMs: quantiles(snapshotDelivery),
      slowestViewerMs: quantiles(slowest),
      broke: {
        refused,
        socketErrors,
        closedEarly: closed,
        missedEvents: missed,
        serverStreams: (metrics.json as { streams?: unknown } | undefined)?.streams,
      },
    };
  } finally {
    for (const r of requests) r.destroy();
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
