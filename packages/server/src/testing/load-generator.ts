/**
 * The load generator (spec/server-api.md §9): prepares signed ballots for many voters (each
 * the first ballot of its credential's chain), then casts them over real sockets (a minimal
 * keep-alive client, `raw-http.ts`, so that the generator takes little of the CPU it shares with
 * the server; every request bounded in time), either closed-loop with a fixed number of requests
 * in flight or open-loop at an offered rate, recording each acknowledged receipt and its latency.
 * The benchmark runs it in a process of its own (`load-cli.ts`).
 * @module
 */
import { chainInitialCode, deviceAux0, toHex } from '@evident/e2e-crypto';
import { deviceOf } from '../client/ballot-client.js';
import type { LocalElection } from './local-election.js';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { rawPool } from './raw-http.js';

/** One acknowledged cast. */
export interface Ack {
  readonly code: string;
  readonly logIndex: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly ms: number;
}

/** What a cast run returns. */
export interface CastRun {
  readonly acks: Ack[];
  readonly failures: number;
  /** HTTP status (or "network", "timeout") → count. */
  readonly statuses: Record<string, number>;
  /** Wall time of the run, s. */
  readonly seconds: number;
}

/**
 * Signed first ballots for `count` voters of `el` (round-robin over the options).
 * @param offset - the first voter (codes in issue order)
 */
export function prepareBallots(
  el: Pick<LocalElection, 'client' | 'codes' | 'manifest'>,
  count: number,
  offset = 0,
): BallotSubmission[] {
  const G = el.client.ctx.G;
  const contests = el.manifest.contests;
  const out: BallotSubmission[] = [];
  const codes = [...el.codes.values()];
  for (let i = offset; i < offset + count; i++) {
    const cred = el.client.credential(codes[i % codes.length]!);
    const credHex = toHex(G.encode(cred.S));
    const prev = toHex(chainInitialCode(el.client.ctx.hE, deviceAux0(deviceOf(credHex))));
    const c = contests[0]!;
    const style = el.manifest.ballotStyles[0]!.label;
    const votes = { [c.label]: { [c.options[i % c.options.length]!.label]: 1 } };
    out.push(el.client.submission(cred, { style, votes }, prev));
  }
  return out;
}

/** Options of the cast runs. */
export interface CastOptions {
  /** Stop sending when this returns true (checked before each request). */
  readonly stop?: () => boolean;
  /** Called at each acknowledged cast, with the number acknowledged so far. */
  readonly onAck?: (ack: Ack, count: number) => void;
  /** Each request is abandoned after this long (default 30 s). */
  readonly requestTimeoutMs?: number;
}

function recorder(opts: CastOptions) {
  const acks: Ack[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  return {
    acks,
    statuses,
    get failures() {
      return failures;
    },
    record(r: { status: number | 'network' | 'timeout'; text: string }, t0: number): void {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status !== 200) {
        failures++;
        return;
      }
      try {
        const j = JSON.parse(r.text) as {
          confirmationCode: string;
          logIndex: number;
          treeHead: { treeSize: number; rootHash: string };
        };
        const ack = {
          code: j.confirmationCode,
          logIndex: j.logIndex,
          treeSize: j.treeHead.treeSize,
          rootHash: j.treeHead.rootHash,
          ms: performance.now() - t0,
        };
        acks.push(ack);
        opts.onAck?.(ack, acks.length);
      } catch {
        failures++;
      }
    },
  };
}

/**
 * Casts `bodies` (JSON texts of `{ballot}`) with `concurrency` requests in flight (closed loop).
 * @returns acknowledged casts, failures (network errors, timeouts and non-200s) by status
 */
export async function castAll(
  base: string,
  electionId: string,
  bodies: readonly string[],
  concurrency: number,
  opts: CastOptions = {},
): Promise<CastRun> {
  const url = new URL(`${base}/elections/${electionId}/ballots`);
  const pool = rawPool(url.hostname, Number(url.port), concurrency);
  const rec = recorder(opts);
  const timeout = opts.requestTimeoutMs ?? 30_000;
  const stop = opts.stop ?? (() => false);
  let next = 0;
  const t0 = performance.now();
  async function lane(): Promise<void> {
    while (!stop()) {
      const i = next++;
      if (i >= bodies.length) return;
      const t = performance.now();
      rec.record(await pool.post(url.pathname, bodies[i]!, timeout), t);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  pool.close();
  return {
    acks: rec.acks,
    failures: rec.failures,
    statuses: rec.statuses,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Casts `bodies` at an offered rate (open loop: requests start on schedule whether or not earlier
 * ones were answered, at most `maxInFlight` at once — beyond that a request counts as "shed").
 * Each latency runs from the request's scheduled time (i / rate after the start), so that a late
 * send — the generator's own delay — counts against the server rather than being omitted.
 * @param rate - requests per second
 * @param seconds - how long to offer load (stops earlier when `bodies` runs out)
 */
export async function castAtRate(
  base: string,
  electionId: string,
  bodies: readonly string[],
  rate: number,
  seconds: number,
  maxInFlight = 512,
  opts: CastOptions = {},
): Promise<CastRun & { offered: number; shed: number }> {
  const url = new URL(`${base}/elections/${electionId}/ballots`);
  const pool = rawPool(url.hostname, Number(url.port), maxInFlight);
  const rec = recorder(opts);
  const timeout = opts.requestTimeoutMs ?? 30_000;
  const total = Math.min(bodies.length, Math.floor(rate * seconds));
  const inFlight = new Set<Promise<void>>();
  let shed = 0;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    if (opts.stop?.()) break;
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= maxInFlight) {
      shed++;
      continue;
    }
    // latency from the intended send time, not the actual one: a generator that falls behind
    // schedule must not hide the wait (no coordinated omission)
    const p: Promise<void> = pool.post(url.pathname, bodies[i]!, timeout).then((r) => {
      rec.record(r, due);
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  const offeredSeconds = (performance.now() - t0) / 1000;
  await Promise.all(inFlight);
  pool.close();
  return {
    acks: rec.acks,
    failures: rec.failures,
    statuses: rec.statuses,
    // until the last answer: acknowledged/s is what the server sustained, not what was offered
    seconds: (performance.now() - t0) / 1000,
    offered: total / Math.max(offeredSeconds, 1e-9),
    shed,
  };
}

/** The p-quantile (0..1) of `xs`. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}
