#!/usr/bin/env node
/**
 * `npm run bench:dos [-- --requests 20 --mb 50 --streams 64]` (spec/server-api.md §10): starts
 * the compiled server as a child process on 127.0.0.1 (a random port), then
 * 1. floods the trustee upload routes with `requests` concurrent unauthenticated bodies of `mb`
 *    MB each, sampling the server's resident memory (/proc) all along;
 * 2. opens `streams` idle Server-Sent Events clients from one address that never read.
 * Prints one JSON document: statuses and codes, answer times, bytes the clients got to send
 * before the answer, the server's RSS before, at its peak and after each phase.
 * Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { setUpElection } from '@evident/server/testing';
import { openIdleStreams, postLarge, targetOf, type FloodResult } from '@evident/server/testing';
import { compiledCli, httpCall, startServer, stopServer } from '@evident/server/testing';
import { rssOf } from './proc-stats.js';

const ADMIN = 'evd_dos-bench-admin-token-0123456789abcdef0123456789';
const MB = 2 ** 20;

const count = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('an integer in [1, 10000]');
  return n;
};

/** Samples `pid`'s RSS every 20 ms until stopped; returns the maximum in MB. */
function sampleRss(pid: number): () => number {
  let max = rssOf(pid);
  const t = setInterval(() => (max = Math.max(max, rssOf(pid))), 20);
  return () => {
    clearInterval(t);
    return Math.max(max, rssOf(pid)) / MB;
  };
}

const tally = (xs: readonly (string | number | undefined)[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of xs) if (x !== undefined) out[String(x)] = (out[String(x)] ?? 0) + 1;
  return out;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number): number => Math.round(x * 10) / 10;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(o: { requests: number; mb: number; streams: number; env: string[] }): Promise<unknown> {
  const cli = compiledCli();
  if (!cli) throw new Error('packages/server/dist/cli.js missing — run `npx tsc -b` first');
  const dir = mkdtempSync(join(tmpdir(), 'evident-dos-'));
  const env = Object.fromEntries(o.env.map((kv) => kv.split('=', 2) as [string, string]));
  const server = await startServer(
    cli,
    ['--db', join(dir, 'e.db'), '--port', '0', '--workers', '0', '--rate-limit', '0'],
    { EVIDENT_ADMIN_TOKEN: ADMIN, ...env },
  );
  try {
    const pid = server.child.pid!;
    const t = targetOf(server.base);
    await setUpElection(httpCall(server.base), ADMIN, { id: 'e1', voters: 2 });
    await pause(500);

    // 1. unauthenticated large bodies on every trustee upload route at once
    const routes = [
      '/elections/e1/decryption/tally/partials',
      '/elections/e1/decryption/tally/responses',
      '/elections/e1/ranked/mayor/mix',
    ];
    const rssBefore = rssOf(pid) / MB;
    const stopSampling = sampleRss(pid);
    const t0 = performance.now();
    const results: FloodResult[] = await Promise.all(
      Array.from({ length: o.requests }, (_, i) =>
        postLarge(t, routes[i % routes.length]!, o.mb * MB, {}, 60_000),
      ),
    );
    const wallMs = performance.now() - t0;
    const rssPeak = stopSampling();
    await pause(1000);
    const rssAfter = rssOf(pid) / MB;

    // 2. idle stream clients that never read, all from this address
    const rssBeforeStreams = rssOf(pid) / MB;
    const streams = await openIdleStreams(t, '/elections/e1/results/stream', o.streams);
    await pause(500);
    const rssWithStreams = rssOf(pid) / MB;
    streams.close();

    return {
      server: server.base,
      flood: {
        requests: o.requests,
        bodyMB: o.mb,
        routes,
        statuses: tally(results.map((r) => r.status)),
        codes: tally(results.map((r) => r.code)),
        wallMs: Math.round(wallMs),
        answerMsMedian: Math.round(median(results.map((r) => r.ms))),
        answerMsMax: Math.round(Math.max(...results.map((r) => r.ms))),
        sentMBMedian: round(median(results.map((r) => r.sent / MB))),
        sentMBMax: round(Math.max(...results.map((r) => r.sent / MB))),
        rssBeforeMB: round(rssBefore),
        rssPeakMB: round(rssPeak),
        rssAfterMB: round(rssAfter),
        rssGrowthMB: round(rssPeak - rssBefore),
      },
      streams: {
        clients: o.streams,
        statuses: streams.statuses,
        codes: streams.codes,
        admitted: streams.open.length,
        rssBeforeMB: round(rssBeforeStreams),
        rssWithStreamsMB: round(rssWithStreams),
      },
    };
  } finally {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

await new Command()
  .name('bench:dos')
  .description(
    'flood the compiled server with unauthenticated large bodies and idle event streams; prints JSON',
  )
  .option('--requests <n>', 'concurrent unauthenticated uploads', count, 20)
  .option('--mb <n>', 'size of each upload, MB', count, 50)
  .option('--streams <n>', 'idle Server-Sent Events clients from one address', count, 64)
  .option('--env <k=v...>', 'extra environment for the server (e.g. EVIDENT_SSE_MAX_PER_ADDRESS=8)', [])
  .action(async (o: { requests: number; mb: number; streams: number; env: string[] }) => {
    try {
      process.stdout.write(JSON.stringify(await run(o), null, 2) + '\n');
    } catch (e) {
      process.stderr.write(`bench:dos: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  })
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
  .parseAsync();
