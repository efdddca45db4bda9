/**
 * The open-loop generator of the mixed peak (`npm run bench:peak`, ./peak.ts): several kinds of
 * request — casts and the reads of tree heads, inclusion proofs, results and board pages — each
 * offered at a constant arrival rate for a fixed time, whether or not earlier requests were
 * answered (open loop: a slow server cannot slow the offered load down). Each latency runs from
 * the request's scheduled time, so that the generator's own lateness counts against the server
 * rather than being omitted. Requests are built beforehand and sent over keep-alive connections
 * (`rawPool`), spread round-robin over the target nodes; at most `maxInFlight` of one kind wait at
 * once, beyond which a request is counted as shed (not sent).
 * @module
 */
import { quantile, rawPool, rawRequest, type RawPool, type RawResponse } from '@evident/server/testing';

/** One kind of request and its offered rate. */
export interface MixedKind {
  readonly name: string;
  /** Requests per second offered. */
  readonly rate: number;
  /** `POST` bodies (casts: one per request, each used once) or none (GET `paths`, in turn). */
  readonly method: 'GET' | 'POST';
  /** Paths, used in turn (POST: one path for every body). */
  readonly paths: readonly string[];
  /** POST bodies, each sent once; the kind stops offering when they run out. */
  readonly bodies?: readonly string[];
  /** More request headers (e.g. `Accept-Encoding`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What one kind achieved. */
export interface KindSummary {
  readonly name: string;
  readonly offeredPerSecond: number;
  /** Requests scheduled in the run (rate × seconds, or fewer bodies). */
  readonly scheduled: number;
  /** 200 answers per second over the offered period. */
  readonly achievedPerSecond: number;
  readonly ok: number;
  readonly failures: number;
  /** Not sent: `maxInFlight` of this kind were already waiting. */
  readonly shed: number;
  readonly statuses: Record<string, number>;
  /** From each request's scheduled time to its answer (200s only), ms. */
  readonly latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Every such latency, ms to 0.1 (to merge the runs of several generator processes). */
  readonly latenciesMs: number[];
}

/** A whole run. */
export interface MixedSummary {
  readonly seconds: number;
  readonly kinds: KindSummary[];
  /** Worst lateness of the scheduler (a request sent after its time), ms. */
  readonly maxSendLagMs: number;
}

/** Options of {@link runMixed}. */
export interface MixedOptions {
  /** Target nodes (`http://host:port`), used round-robin. */
  readonly bases: readonly string[];
  readonly kinds: readonly MixedKind[];
  readonly seconds: number;
  /** Per kind and node (default 1024). */
  readonly maxInFlight?: number;
  readonly requestTimeoutMs?: number;
}

interface Stream {
  readonly kind: MixedKind;
  readonly requests: readonly string[][];
  readonly scheduled: number;
  sent: number;
  shed: number;
  ok: number;
  failures: number;
  readonly statuses: Record<string, number>;
  readonly latencies: number[];
}

/** Runs the kinds at once for `o.seconds`, open loop. */
export async function runMixed(o: MixedOptions): Promise<MixedSummary> {
  const max = o.maxInFlight ?? 1024;
  const timeout = o.requestTimeoutMs ?? 30_000;
  const targets = o.bases.map((b) => new URL(b));
  const pools: RawPool[][] = o.kinds.map(() => targets.map((u) => rawPool(u.hostname, Number(u.port), max)));
  // every request built beforehand, per node: [node][i]
  const streams: Stream[] = o.kinds.map((kind) => {
    const count = Math.floor(kind.rate * o.seconds);
    const n = kind.bodies ? Math.min(count, kind.bodies.length) : count;
    const requests = targets.map((u) =>
      kind.bodies
        ? kind.bodies
            .slice(0, n)
            .map((b) => rawRequest(u.hostname, Number(u.port), 'POST', kind.paths[0]!, b))
        : kind.paths.map((p) => rawRequest(u.hostname, Number(u.port), 'GET', p, undefined, kind.headers)),
    );
    return {
      kind,
      requests,
      scheduled: n,
      sent: 0,
      shed: 0,
      ok: 0,
      failures: 0,
      statuses: {},
      latencies: [],
    };
  });
  const inFlight = new Set<Promise<void>>();
  let maxLag = 0;
  const t0 = performance.now();
  const issue = (s: Stream, k: number, i: number, due: number): void => {
    const node = i % targets.length;
    const pool = pools[k]![node]!;
    if (pool.pending >= max) {
      s.shed++;
      return;
    }
    const list = s.requests[node]!;
    const req = s.kind.bodies ? list[i]! : list[i % list.length]!;
    const p: Promise<void> = pool.send(req, timeout).then((r: RawResponse) => {
      s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
      if (r.status === 200) {
        s.ok++;
        s.latencies.push(performance.now() - due);
      } else s.failures++;
      inFlight.delete(p);
    });
    inFlight.add(p);
  };
  // a 1 ms ticker sends everything that is due: cheaper than a timer per request
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      let left = false;
      streams.forEach((s, k) => {
        const due = Math.min(s.scheduled, Math.floor(((now - t0) / 1000) * s.kind.rate) + 1);
        for (; s.sent < due; s.sent++) {
          const at = t0 + (s.sent * 1000) / s.kind.rate;
          maxLag = Math.max(maxLag, now - at);
          issue(s, k, s.sent, at);
        }
        if (s.sent < s.scheduled) left = true;
      });
      if (left) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  const offeredSeconds = (performance.now() - t0) / 1000;
  await Promise.all(inFlight);
  for (const ps of pools) for (const p of ps) p.close();
  return {
    seconds: offeredSeconds,
    maxSendLagMs: maxLag,
    kinds: streams.map((s) => ({
      name: s.kind.name,
      offeredPerSecond: s.scheduled / Math.max(offeredSeconds, 1e-9),
      scheduled: s.scheduled,
      achievedPerSecond: s.ok / Math.max(offeredSeconds, 1e-9),
      ok: s.ok,
      failures: s.failures,
      shed: s.shed,
      statuses: s.statuses,
      latencyMs: latencyQuantiles(s.latencies),
      latenciesMs: s.latencies.map((x) => Math.round(x * 10) / 10),
    })),
  };
}

/** p50, p95, p99 and max of `xs` (NaN when empty). */
export function latencyQuantiles(xs: readonly number[]): KindSummary['latencyMs'] {
  return {
    p50: quantile(xs, 0.5),
    p95: quantile(xs, 0.95),
    p99: quantile(xs, 0.99),
    max: xs.length ? xs.reduce((a, b) => Math.max(a, b)) : NaN,
  };
}
