/**
 * A long run of the results display (spec/server-api.md §12.5) for `npm run bench:display-soak`
 * and the `display-soak` suite of `npm run bench`: an in-process server on 127.0.0.1 with an
 * election of six polling stations, the synthetic results feed in front of it
 * (synthetic-results.ts), Debian's Chromium (headless, the switches of the browser tests) on the
 * display, and {@link runDisplaySoak} at `rate` snapshots a second for `minutes`, a reconnection
 * every `reconnectEvery` snapshots, the page's heap and DOM sampled every `sampleSeconds`.
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildApp } from '@evident/server';
import { setUpElection } from '@evident/server/testing';
import { paperManifest } from '@evident/server/testing';
import { runDisplaySoak, type PageMemory } from '@evident/server/testing';
import { httpCall } from '@evident/server/testing';
import { series, type MemorySeries } from './proc-stats.js';
import { syntheticResults } from '@evident/server/testing';

const ADMIN = 'evd_display-soak-admin-token-0123456789abcdef';
const ID = 'display-soak';

/** The options. */
export interface DisplaySoakSessionOptions {
  readonly minutes: number;
  /** snapshots a second (default 20) */
  readonly rate?: number;
  /** snapshots between two reconnections (default 600) */
  readonly reconnectEvery?: number;
  /** seconds between two samples (default 30) */
  readonly sampleSeconds?: number;
  /** the browser (default EVIDENT_CHROMIUM, else /usr/bin/chromium) */
  readonly chromium?: string;
  readonly log?: (s: string) => void;
}

/** The report: every sample, and the heap and DOM series summarised. */
export interface DisplaySoakSessionReport {
  readonly minutes: number;
  readonly events: number;
  readonly reconnects: number;
  readonly samples: readonly PageMemory[];
  /** JS heap used, MB: start (after the warm-up), end, max, slope per minute */
  readonly heap: MemorySeries;
  readonly nodes: { readonly start: number; readonly end: number; readonly max: number };
}

/** The browser to use: the option, EVIDENT_CHROMIUM, or Debian's. */
export function chromiumPath(given?: string): string | undefined {
  const p = given ?? process.env['EVIDENT_CHROMIUM'] ?? '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}

/**
 * Runs the session.
 * @throws {Error} without a browser, or when the page stops following the feed
 */
export async function runDisplaySoakSession(o: DisplaySoakSessionOptions): Promise<DisplaySoakSessionReport> {
  const exe = chromiumPath(o.chromium);
  if (!exe) throw new Error("no Chromium (install Debian's chromium, or set EVIDENT_CHROMIUM)");
  const rate = o.rate ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'evident-display-soak-'));
  const app = await buildApp({ dbPath: join(dir, 'e.db'), adminToken: ADMIN, rateLimit: false });
  const manifest = paperManifest(3);
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    await setUpElection(httpCall(base), ADMIN, { id: ID, manifest, voters: 1, open: false });
    const feed = await syntheticResults(base, manifest, ID);
    const browser = await chromium.launch({
      executablePath: exe,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
      timeout: 30_000,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      const maxMs = o.minutes * 60_000;
      const r = await runDisplaySoak({
        page,
        feed,
        electionId: ID,
        events: Math.ceil((maxMs / 1000) * rate) + 1_000_000, // the time bound ends the run
        maxMs,
        intervalMs: 1000 / rate,
        reconnectEvery: o.reconnectEvery ?? 600,
        sampleEvery: Math.max(1, Math.round((o.sampleSeconds ?? 30) * rate)),
        ...(o.log ? { log: o.log } : {}),
      });
      const s = r.samples;
      const nodes = s.map((x) => x.nodes);
      return {
        minutes: o.minutes,
        events: s.at(-1)?.events ?? 0,
        reconnects: r.reconnects,
        samples: s,
        heap: series(s.map((x) => ({ t: x.seconds, v: x.heapUsedMB * 2 ** 20 }))),
        nodes: { start: nodes[0] ?? NaN, end: nodes.at(-1) ?? NaN, max: Math.max(...nodes) },
      };
    } finally {
      await browser.close();
      await feed.close();
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
