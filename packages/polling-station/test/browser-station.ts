/**
 * A provisioned station serving its UI for the browser tests: a temporary directory with a
 * station key sealed by station-core, a bundle (the sample manifest, one contest allowing two
 * marks), poll workers, a small roll, a measured clock offset and a counting start an hour ago;
 * the UI built as `evident-station serve` builds it, on 127.0.0.1. Plus the browser-side helpers
 * the suites share: launching Chromium, signing in with the keyboard, axe-core, screenshots.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePaperKey, toHex, type Manifest } from '@evident/e2e-crypto';
import { sampleManifest } from '@evident/record';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium as launchBrowser } from '../../../tests/support/browser.js';
import { initStationKey, openStationKey } from '../src/keys/station-key.js';
import { openStationDb, setMeta, type StationDb } from '../src/store/station-db.js';
import { addWorker } from '../src/workers/workers.js';
import { buildStationUi, serveStationUi } from '../src/ui/station-ui.js';
import { stationPages } from '../src/ui/station-pages.js';

export const PASSPHRASE = 'browser station passphrase';
export const WORKERS = { ana: '246810', bo: '135790' } as const;
export const PLACE = { electionId: 'E1', station: 'station-1', style: 'style-1' };

/** The sample manifest, its contest d1-c2 allowing two marks (check boxes beside radio buttons). */
export function browserManifest(): Manifest {
  const m = sampleManifest();
  return { ...m, contests: m.contests.map((c) => (c.label === 'd1-c2' ? { ...c, voteLimit: 2 } : c)) };
}

/** A running station UI. */
export interface BrowserStation {
  readonly dir: string;
  readonly sdb: StationDb;
  readonly url: string;
  /** the station's public key, hex */
  readonly stationKey: string;
  readonly printing: { secretKey: Uint8Array; publicKey: string };
  close(): Promise<void>;
}

/** Makes the station and serves its UI (the pages `serve` mounts, the key unlocked). */
export async function browserStation(): Promise<BrowserStation> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-station-browser-'));
  const stationKey = initStationKey(dir, PASSPHRASE, 10);
  const printing = generatePaperKey();
  const sdb = openStationDb(dir);
  const now = Date.now();
  const roll = [
    ['V0001', 'Ada Lovelace'],
    ['V0002', 'Bo Diddley'],
    ['V0003', 'Cy Twombly'],
  ] as const;
  setMeta(sdb.db, 'bundle', {
    ...PLACE,
    manifest: browserManifest(),
    logPublicKey: 'AB'.repeat(32),
    pinnedLogKey: 'AB'.repeat(32),
    stationKey,
    printingKey: toHex(printing.publicKey),
    ballotStyle: PLACE.style,
    timeZone: 'Europe/Paris',
    countingStart: '2026-05-10T17:00',
    countingStartInstant: now - 3600_000,
    voters: roll.length,
  });
  setMeta(sdb.db, 'clockOffset', { offsetMs: 0, roundTripMs: 20, measuredAt: now });
  for (const [voterId, name] of roll)
    sdb.db
      .prepare('INSERT INTO roll (voter_id, name, search) VALUES (?, ?, ?)')
      .run(voterId, name, `${voterId} ${name}`.toLowerCase());
  for (const [name, secret] of Object.entries(WORKERS))
    addWorker(sdb.db, { name, secret, by: 'test', logN: 10 });
  const key = openStationKey(dir, PASSPHRASE);
  const app = buildStationUi({ sdb, pages: stationPages(sdb, key.secretKey) });
  const url = await serveStationUi(app, 0);
  return {
    dir,
    sdb,
    url,
    stationKey,
    printing: { secretKey: printing.secretKey, publicKey: toHex(printing.publicKey) },
    close: async () => {
      await app.close();
      sdb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium with a fresh profile; `args` adds switches (a fake camera). */
export function launchChromium(
  chromiumPath: string,
  profile: string,
  args: readonly string[] = [],
): Promise<{ context: BrowserContext; page: Page }> {
  return launchBrowser(chromiumPath, profile, { args });
}

/** Presses Tab until `selector` has the focus (at most 60 times). */
export async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Signs `worker` in with the keyboard; lands on the check-in page. */
export async function signInWithKeyboard(
  page: Page,
  url: string,
  worker: keyof typeof WORKERS,
): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await tabTo(page, '#worker');
  await page.keyboard.type(worker);
  await page.keyboard.press('Tab');
  await page.keyboard.type(WORKERS[worker]);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${url}/check-in`);
}

/** axe-core's WCAG 2.2 A/AA and best-practice violations (one definition: tests/support/axe-page.ts). */
export { axeViolations } from '../../../tests/support/axe-page.js';

/** The folder of the screenshots (gitignored): test-output/station-browser at the repository's root. */
export const SHOTS = fileURLToPath(new URL('../../../test-output/station-browser/', import.meta.url));

/** Saves a full-page screenshot as SHOTS/`name`.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
