#!/usr/bin/env node
/**
 * `npm run bench:server [-- --json] [-- --ballots N] [-- --soak-seconds S]` (spec/server-api.md §9):
 * starts the compiled server on loopback (SQLite in a temporary folder, worker threads), then
 * 1. casts N verified 5-selection ristretto255 ballots over HTTP: casts/s and latency p50/p99;
 * 2. reads tree head, inclusion proof and results with 64 keep-alive connections: requests/s;
 * 3. soaks (casts + reads) for S seconds sampling the server's resident memory each second.
 * Reports the raw ristretto255 exponentiation rate measured in the same run and the ratios.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomScalar, ristretto } from '@evident/e2e-crypto';
import { castAll, prepareBallots, quantile } from './load-generator.js';
import { compiledCli, httpCall, startServer } from './http.js';
import { setUpElection } from '../testing/local-election.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const json = args.includes('--json');
const N = flag('--ballots', 240);
const soakSeconds = flag('--soak-seconds', 10);
const readSeconds = flag('--read-seconds', 4);
const log = (s: string) => process.stderr.write(s + '\n');

function rawExpRate(): number {
  const P = ristretto.gExp(randomScalar(ristretto.q));
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 1000) {
    ristretto.exp(P, randomScalar(ristretto.q));
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function reads(base: string, paths: string[], seconds: number, connections = 64): Promise<{ rps: number; errors: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(base);
  let done = 0;
  let errors = 0;
  const lat: number[] = [];
  const end = performance.now() + seconds * 1000;
  const one = (path: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request({ host: url.hostname, port: url.port, path, agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode === 200) done++;
          else errors++;
          if (lat.length < 200_000) lat.push(performance.now() - t0);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, k) => {
      let i = k;
      while (performance.now() < end) await one(paths[i++ % paths.length]!);
    }),
  );
  agent.destroy();
  return { rps: done / ((performance.now() - t0) / 1000), errors, p99: quantile(lat, 0.99) };
}

const cli = compiledCli();
if (!cli) {
  log('bench:server: packages/server/dist/cli.js missing — run `npx tsc -b` first');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'evident-bench-'));
const ADMIN = 'evd_bench-admin';
const server = await startServer(cli, ['--db', join(dir, 'bench.db'), '--port', '0', '--rate-limit', '0'], { EVIDENT_ADMIN_TOKEN: ADMIN });
const pid = server.child.pid!;
try {
  log(`bench:server: raw exponentiation rate…`);
  const expRate = rawExpRate();
  log(`bench:server: setting up an election with ${N + 200} voters, encrypting ${N} ballots…`);
  const call = httpCall(server.base);
  const el = await setUpElection(call, ADMIN, { voters: N + 200, options: 5 });
  const all = prepareBallots(el, N + 200);
  const ballots = all.slice(0, N);
  const rssStart = rssOf(pid);
  log(`bench:server: casting ${N} ballots…`);
  const t0 = performance.now();
  const cast = await castAll(server.base, el.id, ballots.map((b) => JSON.stringify({ ballot: b })), 32);
  const castSeconds = (performance.now() - t0) / 1000;
  const lat = cast.acks.map((a) => a.ms);
  const castsPerSecond = cast.acks.length / castSeconds;

  const size = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize as number;
  const treeHead = await reads(server.base, [`/elections/${el.id}/board/tree-head`], readSeconds);
  const inclusion = await reads(
    server.base,
    Array.from({ length: 64 }, (_, i) => `/elections/${el.id}/board/inclusion?index=${(i * 7919) % size}`),
    readSeconds,
  );
  const results = await reads(server.base, [`/elections/${el.id}/results`], readSeconds);

  log(`bench:server: soak for ${soakSeconds} s…`);
  const rss: number[] = [rssOf(pid)];
  const sampler = setInterval(() => rss.push(rssOf(pid)), 1000);
  const soakEnd = performance.now() + soakSeconds * 1000;
  const soakBallots = all.slice(N);
  await Promise.all([
    castAll(server.base, el.id, soakBallots.map((b) => JSON.stringify({ ballot: b })), 4, { stop: () => performance.now() > soakEnd }),
    (async () => {
      while (performance.now() < soakEnd) await reads(server.base, [`/elections/${el.id}/board/tree-head`, `/elections/${el.id}/results`], 1, 16);
    })(),
  ]);
  clearInterval(sampler);
  rss.push(rssOf(pid));

  const rows = [
    { metric: 'verified casts/s (5 selections, ristretto255)', value: castsPerSecond, target: '≥ 300 (goal 1,050)' },
    { metric: 'cast latency p50 ms', value: quantile(lat, 0.5), target: '' },
    { metric: 'cast latency p99 ms', value: quantile(lat, 0.99), target: '≤ 250' },
    { metric: 'cast failures', value: cast.failures, target: '0' },
    { metric: 'reads/s tree head', value: treeHead.rps, target: '≥ 8,000' },
    { metric: 'reads/s inclusion proof', value: inclusion.rps, target: '≥ 8,000' },
    { metric: 'reads/s results', value: results.rps, target: '≥ 8,000' },
    { metric: 'raw ristretto255 exp/s (this process, 1 core)', value: expRate, target: '' },
    { metric: 'casts/s ÷ raw exp/s', value: castsPerSecond / expRate, target: '' },
    { metric: 'server RSS MB at cast start', value: rssStart / 2 ** 20, target: '' },
    { metric: 'server RSS MB soak start/end/max', value: `${(rss[0]! / 2 ** 20).toFixed(0)}/${(rss[rss.length - 1]! / 2 ** 20).toFixed(0)}/${(Math.max(...rss) / 2 ** 20).toFixed(0)}`, target: 'flat' },
  ];
  const report = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    ballots: N,
    soakSeconds,
    castStatuses: cast.statuses,
    rows,
    rssSamples: rss,
    notes: [
      'client and server share this machine: the load generator (encryption happens before timing) and the HTTP client use CPU too',
      'each cast is verified in a worker thread (6 range proofs + signature, batched) and committed with fsync (grouped commits) before the receipt',
    ],
  };
  if (json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    for (const r of rows) console.log(`${r.metric.padEnd(48)} ${typeof r.value === 'number' ? r.value.toFixed(r.value < 10 ? 3 : 0) : r.value}  ${r.target}`);
  }
} finally {
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
