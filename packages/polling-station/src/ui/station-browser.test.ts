/**
 * The station's web UI in a real browser (Debian's Chromium driven by playwright-core), served
 * as `evident-station serve` serves it: a poll worker signs in, checks a voter in and reads the
 * status with the keyboard only; a voter marks, reviews and prints a ballot on the marking device
 * with the keyboard only (large text, high contrast, no time limit, the printed code carrying the
 * choices signed by the station key); then counting from webcam frames — Chromium's fake camera
 * playing a video of ballots drawn from their real codes (perspective, blur, noise). axe-core
 * finds no WCAG 2.2 A/AA violation in any state reached; screenshots go to
 * test-output/station-browser/. Needs /usr/bin/chromium (or EVIDENT_CHROMIUM): without it the
 * suite is skipped and the run's summary says so, or fails under CI=true (tests/support/browser.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBallotQr, verifyBallotToken, type TokenChoice } from '@evident/record';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readableFrames } from '../../test/camera-video.js';
import {
  axeViolations,
  PASSPHRASE,
  browserStation,
  launchChromium,
  PLACE,
  shot,
  signInWithKeyboard,
  tabTo,
  type BrowserStation,
} from '../../test/browser-station.js';
import { countCameraScans } from '../../test/browser-camera.js';
import { blankBallotCodes, bmdBallotCode } from '../ballots/ballot-qr.js';
import { openStationKey } from '../keys/station-key.js';
import { encodeJpeg, encodePng } from '../scan/raster.js';
import { readCodes } from '../scan/read-codes.js';
import { describeInBrowser } from '../../../../tests/support/browser.js';

/** What the voter marks: Candidate 2 nationally, nothing in d1-c1, candidates 1 and 3 in d1-c2. */
const MARKED: TokenChoice[] = [
  { contest: 'national', selected: ['national-option-2'] },
  { contest: 'd1-c1', selected: [] },
  { contest: 'd1-c2', selected: ['d1-c2-option-1', 'd1-c2-option-3'] },
];

/** A camera test's time limit: the station decodes every frame, slowly on a busy machine. */
const CAMERA_TEST_MS = 180_000;

describeInBrowser('the station UI in Chromium', (chromiumPath) => {
  let st: BrowserStation;
  let context: BrowserContext;
  let page: Page;
  /** the code of the ballot printed by the marking device */
  let printed: string | undefined;

  beforeAll(async () => {
    st = await browserStation();
    ({ context, page } = await launchChromium(chromiumPath, join(st.dir, 'profile')));
  });

  afterAll(async () => {
    await context?.close();
    await st?.close();
  });

  const id = (s: string) => `#${s.replace(/:/g, '\\:')}`;

  it('signs in, checks a voter in and shows the status with the keyboard only, with no accessibility violation', async () => {
    await page.goto(`${st.url}/sign-in`);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '01-sign-in');
    // axe-core does find violations: an image without a text alternative, added for a moment
    await page.evaluate(() => document.querySelector('main')!.append(document.createElement('img')));
    expect((await axeViolations(page)).join('\n')).toMatch(/^image-alt/m);
    await page.reload();
    // a wrong PIN: the error is announced and focused
    await tabTo(page, '#worker');
    await page.keyboard.type('ana');
    await page.keyboard.press('Tab');
    await page.keyboard.type('000000');
    await page.keyboard.press('Enter');
    await page.waitForSelector('p.error[role=alert]');
    expect(await axeViolations(page)).toEqual([]);
    await signInWithKeyboard(page, st.url, 'ana');
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, '#q');
    await page.keyboard.type('lovelace');
    await page.keyboard.press('Enter');
    await page.waitForSelector('table caption');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, '#last-V0001');
    await page.keyboard.type('1234');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=V0001/);
    expect(await page.textContent('#message')).toContain('Checked in: V0001');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '02-check-in');

    await page.goto(`${st.url}/status`);
    expect(await page.textContent('main')).toContain('Voters checked in1');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '03-status');
  });

  it('marks, reviews and prints a ballot with the keyboard only; its code carries the choices, signed by the station key', async () => {
    await page.addInitScript(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => void w.printed++;
    });
    await page.clock.install();
    await page.goto(`${st.url}/bmd`);
    // screen-reader structure: a fieldset with a legend per contest, a label on every choice, a live region
    expect(await page.locator('fieldset').count()).toBe(3);
    expect(await page.locator('fieldset > legend').count()).toBe(3);
    expect(await page.locator('input[type=radio]:not([id]), input[type=checkbox]:not([id])').count()).toBe(0);
    for (const input of await page.locator('fieldset input').all())
      expect(await page.locator(`label[for="${await input.getAttribute('id')}"]`).count()).toBe(1);
    expect(await page.getAttribute('[role=alert]', 'aria-live')).toBe('assertive');
    expect(await page.locator('meta[http-equiv=refresh]').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '10-bmd-mark');

    await tabTo(page, id('c:national:0'));
    await page.keyboard.press('ArrowDown'); // radio: Candidate 2, checked
    await tabTo(page, id('c:d1-c2:0'));
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.isChecked(id('c:national:1'))).toBe(true);
    expect(await page.isChecked(id('c:d1-c2:2'))).toBe(true);

    // no time limit: two hours later the page and its marks are still there
    await page.clock.fastForward('02:00:00');
    expect(page.url()).toBe(`${st.url}/bmd`);
    expect(await page.isChecked(id('c:d1-c2:0'))).toBe(true);

    // large text, then high contrast, by keyboard: the marks are kept
    await tabTo(page, 'button[value=large]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body.large');
    expect(
      await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize)),
    ).toBeGreaterThanOrEqual(28);
    expect(await page.getAttribute('button[value=large]', 'aria-pressed')).toBe('true');
    expect(await page.isChecked(id('c:d1-c2:2'))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '11-bmd-large');
    await tabTo(page, 'button[value=contrast]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body.large.contrast');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(255, 255, 0)');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '12-bmd-contrast');
    // names in French and back, marks kept: each name marked with its language
    await tabTo(page, 'button[value="lang:fr"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('label span[lang=fr]');
    expect(await page.textContent(`label[for="c:national:1"]`)).toBe('Candidat·e 2');
    expect(await page.isChecked(id('c:national:1'))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, 'button[value="lang:en"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('label span[lang=en]');

    // an overvote (3 of 2) is refused, announced in the alert, the contest marked invalid
    await tabTo(page, id('c:d1-c2:1'));
    await page.keyboard.press('Space');
    await tabTo(page, 'button[value=review]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#problems');
    expect(await page.textContent('#problems')).toContain('you chose 3 options; at most 2 are allowed');
    // the focus is on the alert: read out first, and Tab goes on to its links to the contest
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('problems');
    expect(await page.getAttribute(id('c:d1-c2'), 'aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '13-bmd-overvote');
    await tabTo(page, id('c:d1-c2:1'));
    await page.keyboard.press('Space');

    await tabTo(page, 'button[value=review]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text("Review your ballot")');
    const review = (await page.textContent('main'))!;
    expect(review).toContain('Candidate 2');
    expect(review).toContain('No choice (blank)');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '14-bmd-review');

    await tabTo(page, 'button[value=print]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text("Your ballot")');
    await tabTo(page, '#print');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '15-bmd-printed');

    // the printed code, read back from the page's image with the station's own reader
    const src = (await page.getAttribute('main img', 'src'))!;
    const codes = await readCodes(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
    expect(codes).toHaveLength(1);
    printed = codes[0]!.text!;
    const signed = decodeBallotQr(printed);
    expect(signed.token).toMatchObject({ kind: 'bmd', ...PLACE, choices: MARKED });
    expect(verifyBallotToken(signed, st.stationKey)).toBe(true);
    expect(verifyBallotToken(signed, st.printing.publicKey)).toBe(false);
  });

  it('starts counting with the keyboard, with no accessibility violation', async () => {
    await page.goto(`${st.url}/count`);
    // the station's navigation, as on its other pages: back to check-in and status, sign out
    expect(await page.locator('nav a[href="/check-in"], nav a[href="/status"]').count()).toBe(2);
    expect(await page.textContent('nav button')).toBe('Sign out ana');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '20-count-start');
    await tabTo(page, 'form[action="/count/start"] button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#camera');
    expect(await page.isHidden('#video')).toBe(true); // no empty frame before the camera is on
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '21-count-scanner');
    // this browser has no camera: the poll worker is told, and can choose image files instead
    await tabTo(page, '#camera');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('scan-result')?.textContent?.includes('camera'));
    expect(await page.textContent('#scan-result')).toMatch(
      /^No camera; choose ballot images instead \(.+\)$/,
    );
  });

  it(
    'counts a marking-device ballot from webcam frames once, however long it is held in front of the camera',
    async () => {
      expect(printed).toBeDefined();
      const scans = await countCameraScans(
        chromiumPath,
        st,
        'held',
        [{ qrText: printed!, frames: 4 }],
        async (p, frames) => {
          await p.waitForFunction(
            () => document.getElementById('scan-result')?.textContent?.startsWith('Counted'),
            null,
            {
              timeout: 60_000,
            },
          );
          // the ballot stays in view: the next frames read it again
          const seen = frames.length;
          await expect.poll(() => frames.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(seen + 4);
        },
      );
      expect(scans.counted).toEqual({ bmd: 1, handMarked: 0 });
      expect(scans.rejected).toEqual({});
    },
    CAMERA_TEST_MS,
  );

  it(
    'asks for the marks of a hand-marked ballot read from webcam frames; the poll worker enters them with the keyboard',
    async () => {
      const blank = blankBallotCodes(PLACE, st.printing.secretKey, 1)[0]!;
      const scans = await countCameraScans(
        chromiumPath,
        st,
        'hand-marked',
        [{ qrText: blank, frames: 4 }],
        async (p) => {
          await p.waitForSelector('h2:text("Marks of the hand-marked ballot just scanned")', {
            timeout: 60_000,
          });
          expect(await axeViolations(p)).toEqual([]);
          await shot(p, '22-count-marks');
          await tabTo(p, id('c:national:2'));
          await p.keyboard.press('Space');
          await tabTo(p, 'form[action="/count/marks"] button');
          await p.keyboard.press('Enter');
          await p.waitForSelector('#camera');
        },
      );
      expect(scans.counted).toEqual({ bmd: 1, handMarked: 1 });
    },
    CAMERA_TEST_MS,
  );

  it(
    'refuses a copy of a counted ballot and a ballot of another station from webcam frames, with the reason on screen',
    async () => {
      const other = blankBallotCodes({ ...PLACE, station: 'station-2' }, st.printing.secretKey, 1)[0]!;
      const shots = [
        { qrText: printed!, frames: 6 },
        { qrText: null, frames: 4 },
        { qrText: other, frames: 6 },
        { qrText: null, frames: 30 }, // the video loops: the copy comes back after 23 s
      ];
      let answers: unknown[] = [];
      const scans = await countCameraScans(chromiumPath, st, 'refused', shots, async (p, frames) => {
        answers = frames;
        const result = (s: string) =>
          p.waitForFunction((x) => document.getElementById('scan-result')?.textContent?.includes(x), s, {
            timeout: 60_000,
          });
        await result('REFUSED (copied)');
        await shot(p, '23-count-copied');
        await result('REFUSED (wrong-station): a ballot of station "station-2"');
        expect(await p.isVisible('#video')).toBe(true);
        // the counts on the page follow the scans, without reloading it
        expect(await p.textContent('#rejected-wrong-station')).toBe('1');
        expect(Number(await p.textContent('#rejected-copied'))).toBeGreaterThanOrEqual(1);
        expect(await p.textContent('#counted-bmd')).toBe('1');
        await shot(p, '24-count-wrong-station');
      });
      // each time a ballot came into view, one refusal (once, unless the loop showed the copy again)
      const answered = (reason: string) =>
        answers.filter(
          (a) => (a as { results?: { reason?: string }[] } | null)?.results?.[0]?.reason === reason,
        ).length;
      expect(answered('copied')).toBeGreaterThanOrEqual(1);
      expect(answered('wrong-station')).toBe(1);
      expect(scans.rejected).toEqual({ copied: answered('copied'), 'wrong-station': 1 });
      expect(scans.counted).toEqual({ bmd: 1, handMarked: 1 });
      await page.goto(`${st.url}/count`);
      expect(await page.textContent('ul[aria-label="Refused scans"]')).toContain(
        `copied: ${answered('copied')}`,
      );
      expect(await axeViolations(page)).toEqual([]);
    },
    CAMERA_TEST_MS,
  );

  it('counts ballots from image files chosen with the keyboard, and says when an image holds no code', async () => {
    const key = openStationKey(st.dir, PASSPHRASE);
    const code = bmdBallotCode(PLACE, MARKED, key.secretKey);
    const dir = join(st.dir, 'photos');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ballot.jpg'), encodeJpeg((await readableFrames(code, 7, 1))[0]!, 85));
    writeFileSync(join(dir, 'table.png'), encodePng((await readableFrames(null, 8, 1))[0]!));
    await page.goto(`${st.url}/count`);
    // the file input is reached with Tab; the browser's own file dialog is not the page's: set the files
    const choose = async (file: string) => {
      await tabTo(page, '#files');
      await page.setInputFiles('#files', join(dir, file));
    };
    await choose('ballot.jpg');
    await page.waitForFunction(() =>
      document.getElementById('scan-result')?.textContent?.startsWith('Counted'),
    );
    expect(await page.textContent('#counted-bmd')).toBe('2');
    await choose('table.png');
    await page.waitForFunction(() =>
      document.getElementById('scan-result')?.textContent?.includes('no QR code'),
    );
    expect(await page.textContent('#scan-result')).toBe('table.png: no QR code found; photograph it again');
  });

  it('ends counting with an explanation and signs the sheet with the keyboard, with no accessibility violation', async () => {
    await page.goto(`${st.url}/count`);
    // 3 ballots, 1 voter checked in: refused without an explanation, the reason announced and focused
    await tabTo(page, 'form[action="/count/finish"] button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role=alert] p.alert');
    expect(await page.textContent('[role=alert] p.alert')).toMatch(/3.*1|1.*3/);
    expect(await page.evaluate(() => document.activeElement?.matches('[role=alert] p.alert'))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '26-count-explain');
    await tabTo(page, 'input[name=explain]');
    await page.keyboard.type('one voter checked in at the neighbouring table');
    await page.keyboard.press('Enter');
    await page.waitForSelector('form[action="/count/sheet"]');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, 'form[action="/count/sheet"] button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main li code');
    expect(await page.textContent('main li:has(code)')).toMatch(/^Sheet 1: [0-9A-F]{64}$/);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '25-count-sheet');
  });
});
