/**
 * The results display's memory over a long run, accelerated (spec/server-api.md §12.5): the
 * page, opened in Chromium on a {@link SyntheticResults} feed, receives snapshot after snapshot
 * with a reconnection now and then; at chosen points the page's garbage is collected through the
 * DevTools protocol (`HeapProfiler.collectGarbage`) and its JS heap, DOM nodes, event listeners
 * and documents are read (`Performance.getMetrics`). Samples are taken at multiples of the
 * feed's layout period, when the board has the same rows, so a growing DOM is a leak, not a
 * bigger board. Used by the display's memory test and by `npm run bench:display-soak`.
 * @module
 */
import type { CDPSession, Page } from 'playwright-core';
import { LAYOUT_PERIOD, type SyntheticResults } from './synthetic-results.js';

/** The page's memory at one point of the run, after a forced garbage collection. */
export interface PageMemory {
  /** snapshots received so far */
  readonly events: number;
  readonly reconnects: number;
  /** since the run started */
  readonly seconds: number;
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  readonly nodes: number;
  readonly listeners: number;
  readonly documents: number;
}

/** The options of a run. */
export interface SoakOptions {
  readonly page: Page;
  readonly feed: SyntheticResults;
  readonly electionId: string;
  /** snapshots after the warm-up (rounded up to the layout period) */
  readonly events: number;
  /** or stop after this long (ms), whichever comes first */
  readonly maxMs?: number;
  /** snapshots of the warm-up, before the first sample (default 2 layout periods) */
  readonly warmup?: number;
  /** pause between snapshots (ms, default 5) */
  readonly intervalMs?: number;
  /** end every stream after this many snapshots (default: never) */
  readonly reconnectEvery?: number;
  /** a sample after this many snapshots (rounded up to the layout period; default 100) */
  readonly sampleEvery?: number;
  readonly log?: (s: string) => void;
}

/** The run's samples: the first after the warm-up, the last at the end. */
export interface SoakReport {
  readonly samples: readonly PageMemory[];
  readonly reconnects: number;
}

const MB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const roundUp = (n: number) => Math.max(LAYOUT_PERIOD, Math.ceil(n / LAYOUT_PERIOD) * LAYOUT_PERIOD);

/** The page's memory now, after two forced garbage collections. */
export async function pageMemory(
  cdp: CDPSession,
): Promise<Omit<PageMemory, 'events' | 'reconnects' | 'seconds'>> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const v = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
  return {
    heapUsedMB: Number((v('JSHeapUsedSize') / MB).toFixed(2)),
    heapTotalMB: Number((v('JSHeapTotalSize') / MB).toFixed(2)),
    nodes: v('Nodes'),
    listeners: v('JSEventListeners'),
    documents: v('Documents'),
  };
}

/** Waits until the page shows snapshot `k` or a later one, live. */
async function shown(page: Page, k: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.documentElement.dataset.stream === 'live' &&
      Number(document.documentElement.dataset.treeSize) >= n,
    k,
    { timeout: 30_000, polling: 20 },
  );
}

/** Runs the display on the feed and samples its memory. */
export async function runDisplaySoak(o: SoakOptions): Promise<SoakReport> {
  const { page, feed } = o;
  const interval = o.intervalMs ?? 5;
  const sampleEvery = roundUp(o.sampleEvery ?? 100);
  const events = roundUp(o.events);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = Date.now();
  const deadline = o.maxMs === undefined ? Infinity : t0 + o.maxMs;
  let reconnects = 0;
  let sent = 0;
  const samples: PageMemory[] = [];
  const sample = async () => {
    await shown(page, feed.last);
    const m = await pageMemory(cdp);
    const s = { events: sent, reconnects, seconds: Math.round((Date.now() - t0) / 1000), ...m };
    samples.push(s);
    o.log?.(
      `${s.events} events, ${s.reconnects} reconnects, ${s.seconds} s: heap ${s.heapUsedMB} MB, ${s.nodes} nodes, ${s.listeners} listeners`,
    );
  };
  const step = async () => {
    feed.emit();
    sent++;
    if (interval > 0) await sleep(interval);
    else if (sent % 20 === 0) await shown(page, feed.last); // never run far ahead of the page
  };

  try {
    await page.goto(`${feed.base}/display/${encodeURIComponent(o.electionId)}`);
    await shown(page, feed.last);
    // the warm-up ends on a layout boundary: every sample then shows the same rows
    const warm = roundUp(o.warmup ?? 2 * LAYOUT_PERIOD);
    while (sent < warm || feed.last % LAYOUT_PERIOD !== 0) await step();
    sent = 0;
    await sample();
    while (sent < events && Date.now() < deadline) {
      await step();
      if (o.reconnectEvery && sent % o.reconnectEvery === 0) {
        feed.reconnect();
        reconnects++;
        // the page notices, reconnects by itself and catches up
        await page
          .waitForFunction(() => document.documentElement.dataset.stream === 'reconnecting', undefined, {
            timeout: 10_000,
            polling: 5,
          })
          .catch(() => undefined); // it may have come back already
        await shown(page, feed.last);
      }
      if (sent % sampleEvery === 0) await sample();
    }
    while (feed.last % LAYOUT_PERIOD !== 0) await step();
    if (samples.at(-1)?.events !== sent) await sample();
    return { samples, reconnects };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
