/**
 * What the voter page's browser suites share: the election they vote in (radio buttons, check
 * boxes and a ranked contest, in English and French), keyboard moves, axe-core's WCAG 2.2 A/AA
 * violations, and opening the page.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import type { Page } from 'playwright-core';
import { simpleManifest } from '../../packages/server/src/testing/local-election.js';

/**
 * In English and French: one choice among 5 (radio buttons), up to 2 among 3 (check boxes), and
 * a ranked contest (two preferences among 3, one `select` each); one polling station, p1.
 */
export function voterPageManifest(): Manifest {
  const m = simpleManifest(5, 'browser-test');
  const contest = (label: string, en: string, fr: string, voteLimit: number, options: number) => ({
    label,
    name: { en, fr },
    district: 'd1',
    voteLimit,
    optionLimit: 1,
    contestDataBlocks: 1,
    options: Array.from({ length: options }, (_, j) => ({
      label: `${label === 'c1' ? 'o' : 'p'}${j + 1}`,
      name: { en: `${en} candidate ${j + 1}`, fr: `${fr} : candidat·e ${j + 1}` },
    })),
  });
  return {
    ...m,
    name: { en: 'Browser test election', fr: 'Élection de test du navigateur' },
    languages: ['en', 'fr'],
    districts: [{ label: 'd1', name: { en: 'District 1', fr: 'Circonscription 1' } }],
    pollingStations: [
      { label: 'p1', name: { en: 'Station 1', fr: 'Bureau 1' }, district: 'd1', ballotStyle: 's1' },
    ],
    contests: [contest('c1', 'Mayor', 'Maire', 1, 5), contest('c2', 'Council', 'Conseil', 2, 3)],
    ballotStyles: [{ label: 's1', contests: ['c1', 'c2'] }],
    rankedContests: [{ id: 'mayor', candidates: ['Ada', 'Bo', 'Cy'], ranks: 2, seats: 1 }],
  };
}

/** Presses Tab until `selector` has the focus (at most 40 times). */
export async function tabTo(p: Page, selector: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await p.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await p.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** axe-core's WCAG 2.2 A/AA and best-practice violations (one definition: tests/support/axe-page.ts). */
export { axeViolations } from './axe-page.js';

/** Opens the voter page of election `id` and waits for its script to be ready. */
export async function openVoterPage(p: Page, base: string, id: string, query = ''): Promise<void> {
  await p.goto(`${base}/vote/${id}${query}`);
  await p.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
}

/** The id of the focused element. */
export const focusedId = (p: Page): Promise<string | undefined> =>
  p.evaluate(() => document.activeElement?.id);
