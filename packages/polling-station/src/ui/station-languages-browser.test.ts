/**
 * The poll workers' pages (sign-in, check-in, status, counting) and the marking device in every language,
 * in a real browser (Debian's Chromium through playwright-core), served as `evident-station
 * serve` serves them: `lang` and `dir` on the page, the words of the language, one switcher,
 * a refusal in the language, the Arabic layout mirrored (bounding boxes), axe-core with zero
 * violations. Screenshots: test-output/screenshots/station-<page>-<lang>.png (gitignored).
 * Needs /usr/bin/chromium (or EVIDENT_CHROMIUM): without it the suite is skipped and the run's
 * summary says so, or fails under CI=true (tests/support/browser.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGS, translator, type Lang } from '@evident/i18n';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  axeViolations,
  browserStation,
  launchChromium,
  WORKERS,
  type BrowserStation,
} from '../../test/browser-station.js';
import { bmdWords } from '../bmd/bmd-view.js';
import { COUNT_CATALOG } from '../count/count-strings.js';
import { STATION_CATALOG } from './station-strings.js';
import { describeInBrowser } from '../../../../tests/support/browser.js';

const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const WIDTH = 1100; // launchChromium's default viewport

describeInBrowser('the station’s pages in every language, in Chromium', (chromiumPath) => {
  let st: BrowserStation;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    st = await browserStation();
    ({ context, page } = await launchChromium(chromiumPath, join(st.dir, 'profile')));
  });
  afterAll(async () => {
    await context?.close();
    await st?.close();
  });

  const shot = async (name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  /** `lang` and `dir` on the page; `selector` (as wide as its content) starts on the reading side. */
  async function checkLayout(lang: Lang, selector: string): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    const b = (await page.locator(selector).first().boundingBox())!;
    const fromLeft = b.x;
    const fromRight = WIDTH - (b.x + b.width);
    if (lang === 'ar') expect(fromRight, selector).toBeLessThan(fromLeft);
    else expect(fromLeft, selector).toBeLessThan(fromRight);
    expect(await axeViolations(page)).toEqual([]);
  }

  for (const lang of LANGS) {
    it(`sign-in, check-in and status in ${lang}`, async () => {
      const t = translator(STATION_CATALOG, lang, 'UTC');
      await context.clearCookies();
      await page.goto(`${st.url}/sign-in?lang=${lang}`);
      expect(await page.textContent('h1')).toBe(t('signInTitle'));
      expect(await page.locator('.langs a').count()).toBe(3);
      // a wrong PIN: refused in the language chosen, kept by the cookie across the post
      await page.fill('#worker', 'ana');
      await page.fill('#secret', '000000');
      await page.press('#secret', 'Enter');
      await page.waitForSelector('#message[role=alert]');
      expect(await page.textContent('#message')).toBe(t('errSignIn'));
      await checkLayout(lang, 'label[for=worker]');
      await shot(`station-sign-in-${lang}`);

      await page.fill('#secret', WORKERS.ana);
      await page.press('#secret', 'Enter');
      await page.waitForURL(`${st.url}/check-in`);
      await page.goto(`${st.url}/check-in?q=V000`);
      expect(await page.textContent('h1')).toBe(t('checkInStation', { station: 'station-1' }));
      expect(await page.textContent('caption')).toBe(t('matching', { q: 'V000', n: 3 }));
      await checkLayout(lang, 'label[for=q]');
      await shot(`station-check-in-${lang}`);

      await page.goto(`${st.url}/status`);
      expect(await page.textContent('h1')).toBe(t('statusTitle'));
      await checkLayout(lang, 'table');
      await shot(`station-status-${lang}`);

      await page.goto(`${st.url}/count`);
      expect(await page.textContent('h1')).toBe(translator(COUNT_CATALOG, lang)('title'));
      await checkLayout(lang, 'main form button');
      await shot(`station-count-${lang}`);
      await page.click('nav:not(.langs) button'); // sign out
      await page.waitForURL(`${st.url}/sign-in`);
    });

    it(`marking device in ${lang}, an overvote refused in ${lang}`, async () => {
      const t = bmdWords(lang);
      await page.goto(`${st.url}/bmd?lang=${lang}`);
      expect(await page.textContent('h1')).toBe(t('markTitle'));
      await checkLayout(lang, 'legend');
      await shot(`bmd-${lang}`);
      const boxes = page.locator('fieldset#c\\:d1-c2 input[type=checkbox]');
      for (let i = 0; i < 3; i++) await boxes.nth(i).check();
      await page.click('button[value=review]');
      await page.waitForSelector('#problems');
      expect(await page.textContent('#problems li')).toContain(t('tooMany', { chosen: 3, limit: 2 }));
      await checkLayout(lang, '#problems a');
      await shot(`bmd-overvote-${lang}`);
    });
  }
});
