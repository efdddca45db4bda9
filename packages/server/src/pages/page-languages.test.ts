/**
 * Every public page (voter, results display, tracker) in every language, in a real browser
 * (Debian's Chromium through playwright-core): `lang` and `dir` on the document, the page's
 * words in that language, one switcher whose links lead to each language, bad input answered in
 * the page's language, axe-core with zero violations; in Arabic the layout really is mirrored
 * (bounding boxes: what starts a line sits on the right). Screenshots of each page in each
 * language are kept in test-output/screenshots/<page>-<lang>.png (gitignored) for the eye.
 * Needs /usr/bin/chromium (or EVIDENT_CHROMIUM): without it the suite is skipped and the run's
 * summary says so, or fails under CI=true (tests/support/browser.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '@evident/e2e-crypto';
import { LANGS, translator, type Lang } from '@evident/i18n';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { displayWords } from '../display/display-view.js';
import { httpCall } from '../testing/http.js';
import { castBallot, setUpElection, simpleManifest } from '../testing/local-election.js';
import { TRACKER_CATALOG } from '../tracker/tracker-strings.js';
import { VOTER_CATALOG } from '../voter/voter-strings.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import { axeViolations as axeOf } from '../../../../tests/support/axe-page.js';

const ADMIN = 'evd_page-languages-admin';
const ID = 'lang-test';
const SHOTS = fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
const WIDTH = 1000;

/** The simple manifest with its names in French and Arabic too. */
function trilingual(): Manifest {
  const m = simpleManifest(3, 'lang-test');
  const names = (en: string, fr: string, ar: string) => ({ en, fr, ar });
  return {
    ...m,
    name: names('Municipal election', 'Élection municipale', 'الانتخابات البلدية'),
    languages: ['en', 'fr', 'ar'],
    districts: [{ label: 'd1', name: names('District 1', 'Circonscription 1', 'الدائرة 1') }],
    pollingStations: [{ ...m.pollingStations[0]!, name: names('Station 1', 'Bureau 1', 'المركز 1') }],
    contests: m.contests.map((c) => ({
      ...c,
      name: names('Mayor', 'Maire', 'رئيس البلدية'),
      options: c.options.map((o, j) => ({
        ...o,
        name: names(`Candidate ${j + 1}`, `Candidat·e ${j + 1}`, `المرشح ${j + 1}`),
      })),
    })),
  };
}

describeInBrowser('every page in every language, in Chromium', (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-page-languages-'));
    app = await buildApp({ dbPath: join(dir, 'election.db'), adminToken: ADMIN, rateLimit: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = httpCall(base);
    const el = await setUpElection(call, ADMIN, { id: ID, voters: 3, manifest: trilingual() });
    expect((await castBallot(call, el, 'voter-1', 'o2')).r.status).toBe(200);
    await setUpElection(call, ADMIN, { id: 'english-only', voters: 1 }); // names in English alone
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile'), {
      viewport: { width: WIDTH, height: 900 },
    }));
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const shot = async (name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  /** The element's horizontal extent on screen. */
  const box = async (selector: string) => {
    const b = (await page.locator(selector).first().boundingBox())!;
    return { left: b.x, right: b.x + b.width };
  };

  /** The document's language attributes, and the switcher's languages in screen order (left to right). */
  async function checkDocument(lang: Lang): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect(await page.locator('.langs a').count()).toBe(3);
    expect(await page.getAttribute(`.langs a[aria-current=true]`, 'hreflang')).toBe(lang);
    const en = await box('.langs a[hreflang=en]');
    const ar = await box('.langs a[hreflang=ar]');
    // the switcher's row starts on the right in Arabic: English, first, is its rightmost link
    if (lang === 'ar') expect(en.left).toBeGreaterThan(ar.right);
    else expect(en.right).toBeLessThan(ar.left);
  }

  /**
   * `selector` (an element as wide as its content) starts its line on the side the language
   * reads from: near that edge of the window, and nearer to it than to the other.
   */
  async function startsOnReadingSide(selector: string, lang: Lang): Promise<void> {
    const { left, right } = await box(selector);
    const fromLeft = left;
    const fromRight = WIDTH - right;
    if (lang === 'ar') {
      expect(fromRight, selector).toBeLessThan(WIDTH / 4);
      expect(fromRight, selector).toBeLessThan(fromLeft);
    } else {
      expect(fromLeft, selector).toBeLessThan(WIDTH / 4);
      expect(fromLeft, selector).toBeLessThan(fromRight);
    }
  }

  for (const lang of LANGS) {
    it(`voter page in ${lang}: words, direction, a translated refusal, no accessibility violation`, async () => {
      const t = translator(VOTER_CATALOG, lang);
      await page.goto(`${base}/vote/${ID}?lang=${lang}`);
      await page.waitForSelector('html[data-ready=true]', { timeout: 30_000 });
      await checkDocument(lang);
      expect(await page.textContent('h1')).toBe(t('title'));
      expect(await page.textContent('#election-name')).toBe(trilingual().name[lang]);
      await startsOnReadingSide('label[for=credential]', lang);
      await startsOnReadingSide('#cast', lang);
      await page.click('#cast'); // no credential code: refused in the page's language
      await page.waitForSelector('#errors li');
      expect(await page.textContent('#errors li')).toBe(t('errCredential'));
      // a well-formed code that is not on the list: the server's coded refusal, in words
      await page.fill('#credential', '0000000000000000000000000Z');
      await page.check('#c0-o1');
      await page.click('#cast');
      const unknown = t('errUnknownCredential');
      await page.waitForFunction((u) => document.querySelector('#errors li')?.textContent === u, unknown);
      expect(await axeOf(page)).toEqual([]);
      await shot(`voter-${lang}`);
    });

    it(`results display in ${lang}: words, direction, numbers, no accessibility violation`, async () => {
      const t = displayWords(lang);
      await page.goto(`${base}/display/${ID}?lang=${lang}`);
      await page.waitForSelector('#board section', { timeout: 30_000 });
      await page.waitForSelector('#status[data-state=live]', { timeout: 30_000 });
      await checkDocument(lang);
      expect(await page.textContent('h1')).toBe(t('title'));
      expect(await page.textContent('#state')).toBe(t('live'));
      await startsOnReadingSide('#title', lang);
      await startsOnReadingSide('[data-figure=online]', lang);
      // the counting start, a date then a time, reads left to right inside any sentence
      const at = await page.evaluate(() => {
        const n = document.querySelector('[data-empty=stations]')!.firstChild!;
        const text = n.textContent!;
        const x = (sub: string) => {
          const r = document.createRange();
          r.setStart(n, text.indexOf(sub));
          r.setEnd(n, text.indexOf(sub) + sub.length);
          return r.getBoundingClientRect().x;
        };
        return { date: x('2026-05-10'), time: x('17:00') };
      });
      expect(at.date).toBeLessThan(at.time);
      expect(await page.textContent('[data-figure=online] dd')).toContain(
        new Intl.NumberFormat(lang).format(1),
      );
      expect(await axeOf(page)).toEqual([]);
      await shot(`display-${lang}`);
    });

    it(`tracker page in ${lang}: words, direction, codes left to right, a translated refusal, no accessibility violation`, async () => {
      const t = translator(TRACKER_CATALOG, lang);
      await page.goto(`${base}/track/${ID}?lang=${lang}`);
      await page.waitForSelector('html[data-ready=true]', { timeout: 30_000 });
      await checkDocument(lang);
      expect(await page.textContent('h1')).toBe(t('title'));
      await startsOnReadingSide('#check', lang);
      // a hexadecimal code reads left to right in every language
      expect(await page.getAttribute('#code', 'dir')).toBe('ltr');
      expect(await page.getAttribute('#key', 'dir')).toBe('ltr');
      await page.fill('#code', 'not a code');
      await page.click('#check');
      await page.waitForSelector('#verdict[data-verdict=usage]');
      expect(await page.textContent('#verdict')).toBe(t('badCode'));
      expect(await axeOf(page)).toEqual([]);
      await shot(`tracker-${lang}`);
    });
  }

  it('marks the manifest’s names with their own language when the page speaks another', async () => {
    await page.goto(`${base}/vote/english-only?lang=ar`);
    await page.waitForSelector('html[data-ready=true]', { timeout: 30_000 });
    expect(await page.getAttribute('#election-name', 'lang')).toBe('en');
    expect(await page.getAttribute('fieldset[data-contest=c1] legend', 'lang')).toBe('en');
    expect(await page.getAttribute('label[for=c0-o0]', 'lang')).toBe('en');
    expect(await page.getAttribute('label[for=c0-blank]', 'lang')).toBeNull(); // the page's own words
    expect(await axeOf(page)).toEqual([]);
    await page.goto(`${base}/display/english-only?lang=ar`);
    await page.waitForSelector('#board section', { timeout: 30_000 });
    expect(await page.textContent('tr[data-district=d1] th span[lang=en]')).toBe('District 1');
  });

  it('follows the switcher from one language to another with the keyboard', async () => {
    await page.goto(`${base}/track/${ID}?lang=en`);
    await page.focus('.langs a[hreflang=ar]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/lang=ar/);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.textContent('h1')).toBe(translator(TRACKER_CATALOG, 'ar')('title'));
  });
});
