/**
 * The HTML report in Debian's Chromium: a real record's report (tests/support/station-record.ts,
 * with incidents) in English, French and Arabic; axe-core finds no WCAG 2.2 A/AA violation in
 * any of them, the Arabic page lays out right to left (its first column is on the right), and
 * every section keeps its heading. Screenshots go to test-output/report-html/ (gitignored).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGS } from '@evident/i18n';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SecurityEvent, buildReport, renderHtml, reportTables } from '../packages/report/src/index.js';
import { type ElectionFixture, closeFixture, electionFixture } from './malicious-server/election-fixture.js';
import { describeInBrowser, launchChromium } from './support/browser.js';
import { stationRecord } from './support/station-record.js';
import { axeViolations as axeOf } from './support/axe-page.js';

const SHOTS = fileURLToPath(new URL('../test-output/report-html/', import.meta.url));

const event = (id: number, kind: string, electionId: string, station: string | null): SecurityEvent => ({
  id,
  time: Date.UTC(2026, 4, 10, 17, id),
  kind,
  electionId,
  station,
  code: kind === 'sheet-refused' ? 'EVD_ERR_INVALID_SIGNATURE' : 'EVD_ERR_CREDENTIAL',
  reason: kind === 'sheet-refused' ? 'the sheet signature does not verify' : '20 refused ballots in 60 s',
  address: `192.0.2.${id}`,
});

describeInBrowser('the HTML report in Chromium', (chromium) => {
  let fx: ElectionFixture;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const files: Record<string, string> = {};
  let sections = 0;

  beforeAll(async () => {
    fx = await electionFixture();
    const record = stationRecord(fx, 'report-browser', {
      sheet: { checkIns: 5, reconciliation: 'one voter left without a ballot' },
      checkIns: 5,
    }).dir;
    for (const lang of LANGS) {
      const first = await buildReport(record, { language: lang });
      const events = [
        event(1, 'sheet-refused', first.electionId, 'p1'),
        event(2, 'anomaly-refusal-burst', first.electionId, null),
      ];
      const r = await buildReport(record, { language: lang, securityEvents: events });
      expect(r.verification.valid).toBe(true);
      files[lang] = join(fx.root, `report-${lang}.html`);
      writeFileSync(files[lang], renderHtml(r));
      // as the server serves it: with its language switcher and links to the other forms
      writeFileSync(join(fx.root, `served-${lang}.html`), renderHtml(r, { served: true }));
      expect(reportTables(r).find((t) => t.id === 'incidents')!.rows).toHaveLength(2);
      sections = reportTables(r).length;
    }
    profile = mkdtempSync(join(tmpdir(), 'evident-report-chromium-'));
    ({ context, page } = await launchChromium(chromium, profile));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await closeFixture();
  });

  it.each(LANGS)(
    '%s: no axe violation, the language and direction declared, every section headed',
    async (lang) => {
      await page.goto(`file://${files[lang]}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('caption h2').count()).toBe(sections);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `report-${lang}.png`), fullPage: true });
      expect(await axeOf(page)).toEqual([]);
    },
  );

  it.each(LANGS)(
    '%s as served: the language switcher, reached by keyboard, each language named in itself; no axe violation',
    async (lang) => {
      await page.goto(`file://${join(fx.root, `served-${lang}.html`)}`);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const a = document.activeElement as HTMLAnchorElement;
        return [a.getAttribute('href'), a.getAttribute('lang'), a.textContent];
      });
      expect(focused).toEqual(['report.html?lang=en', 'en', 'English']);
      expect(await page.getAttribute('a[aria-current="page"]', 'hreflang')).toBe(lang);
      expect(await page.locator('a[lang="ar"]').textContent()).toBe('العربية');
      await page.screenshot({ path: join(SHOTS, `served-${lang}.png`) });
      expect(await axeOf(page)).toEqual([]);
    },
  );

  it('Arabic lays out right to left: a table’s first column is on its right, the heading starts on the right', async () => {
    const edges = async (lang: string) => {
      await page.goto(`file://${files[lang]}`);
      return page.evaluate(() => {
        const table = document.querySelector('#s-turnout')!.closest('table')!.getBoundingClientRect();
        const first = document
          .querySelector('#s-turnout')!
          .closest('table')!
          .querySelector('thead th')!
          .getBoundingClientRect();
        const h1 = document.querySelector('h1')!.getBoundingClientRect();
        const body = document.querySelector('main')!.getBoundingClientRect();
        return {
          firstRight: table.right - first.right,
          firstLeft: first.left - table.left,
          h1Right: body.right - h1.right,
        };
      });
    };
    const ar = await edges('ar');
    expect(ar.firstRight).toBeLessThan(2);
    expect(ar.firstLeft).toBeGreaterThan(20);
    const en = await edges('en');
    expect(en.firstLeft).toBeLessThan(2);
    expect(en.firstRight).toBeGreaterThan(20);
  });
});
