/**
 * Casting the generated ballots over HTTP: the JSON-lines file is read as a stream and each
 * line posted to `POST /elections/{id}/ballots` by `concurrency` lanes with keep-alive
 * connections, lane i on node i mod N (the nodes share the load evenly, as behind a round-robin
 * balancer). Each request is bounded in time; every answer is counted by status, and each
 * acknowledged cast's latency kept for the quantiles.
 * @module
 */
import { createReadStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';

/** What {@link castFile} returns. */
export interface CastResult {
  readonly sent: number;
  readonly acknowledged: number;
  /** HTTP status (or "network", "timeout") → count */
  readonly statuses: Record<string, number>;
  /** acknowledged casts per node, in the order of `bases` */
  readonly perNode: number[];
  readonly seconds: number;
  readonly castsPerSecond: number;
  readonly latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/** Options of {@link castFile}. */
export interface CastOptions {
  readonly concurrency: number;
  readonly requestTimeoutMs?: number;
  /** called every `every` answers with the count so far */
  readonly progress?: (answered: number) => void;
  readonly every?: number;
}

type Answer = { status: number | 'network' | 'timeout' };

function post(agent: Agent, base: URL, path: string, body: string, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume(); // the receipt is not needed: its status is
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ status: 'network' }));
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ status: 'timeout' });
    });
    req.on('error', () => resolve({ status: 'network' }));
    req.end(body);
  });
}

/** The p-quantile (0..1) of sorted `xs`. */
const at = (xs: Float64Array, p: number): number =>
  xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/**
 * Casts every ballot of `file` (JSON lines of request bodies) into election `electionId`, spread
 * over `bases` (the nodes' base URLs).
 */
export async function castFile(
  bases: readonly string[],
  electionId: string,
  file: string,
  o: CastOptions,
): Promise<CastResult> {
  const path = `/elections/${encodeURIComponent(electionId)}/ballots`;
  const urls = bases.map((b) => new URL(b));
  const perLane = Math.ceil(o.concurrency / urls.length);
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: perLane }));
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })[
    Symbol.asyncIterator
  ]();
  const statuses: Record<string, number> = {};
  const perNode = urls.map(() => 0);
  const latencies: number[] = [];
  let sent = 0;
  let answered = 0;
  const t0 = performance.now();
  async function lane(k: number): Promise<void> {
    const node = k % urls.length;
    for (;;) {
      const line = await lines.next();
      if (line.done) return;
      if (line.value.length === 0) continue;
      sent++;
      const t = performance.now();
      const a = await post(agents[node]!, urls[node]!, path, line.value, o.requestTimeoutMs ?? 60_000);
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      if (a.status === 200) {
        latencies.push(performance.now() - t);
        perNode[node]!++;
      }
      if (o.progress && ++answered % (o.every ?? 10_000) === 0) o.progress(answered);
    }
  }
  try {
    await Promise.all(Array.from({ length: o.concurrency }, (_, k) => lane(k)));
  } finally {
    for (const a of agents) a.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    sent,
    acknowledged: latencies.length,
    statuses,
    perNode,
    seconds,
    castsPerSecond: latencies.length / seconds,
    latencyMs: {
      p50: at(sorted, 0.5),
      p95: at(sorted, 0.95),
      p99: at(sorted, 0.99),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    },
  };
}
