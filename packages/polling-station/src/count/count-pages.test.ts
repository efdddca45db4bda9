import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { COUNTING_START, testStation } from '../../test/count-fixture.js';
import { ballotQrPng, blankBallotCodes, bmdBallotCode } from '../ballots/ballot-qr.js';
import { HOLD_MS } from './camera-view.js';
import { countedBallots } from './counting-session.js';
import { rejectionCounts } from './scan-ballot.js';
import { registerCountPages } from './count-pages.js';
import { readCodes } from './scan-link.js';
import { stationSheets } from './tally-sheet-make.js';

const place = { electionId: 'E1', station: 'station-1', style: 'style-1' };
const choices = [
  { contest: 'national', selected: ['national-option-1'] },
  { contest: 'd1-c1', selected: [] },
  { contest: 'd1-c2', selected: [] },
];

async function ui(opts: { signedIn?: boolean } = {}) {
  const t = testStation();
  const app = Fastify();
  registerCountPages(app, {
    env: t.env,
    session: () => (opts.signedIn === false ? undefined : { worker: 'ana', csrf: 'C'.repeat(64) }),
    requireWorker: (_db, name, secret) => {
      if (name === 'bo' && secret === '5678') return 'bo';
      throw Object.assign(new Error('unknown worker or wrong PIN/passphrase'), { exitCode: 1 });
    },
    stationSecretKey: () => t.stationKey.secretKey,
    readCodes,
  });
  await app.ready();
  const same = { host: 'localhost', origin: 'http://localhost' };
  const form = (path: string, fields: [string, string][], csrf = 'C'.repeat(64)) =>
    app.inject({
      method: 'POST',
      url: `/count/${path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...same },
      payload: new URLSearchParams([['csrf', csrf], ...fields]).toString(),
    });
  const frame = (png: Buffer, csrf = 'C'.repeat(64)) =>
    app.inject({
      method: 'POST',
      url: '/count/frame',
      headers: { 'content-type': 'image/png', 'x-csrf-token': csrf, ...same },
      payload: png,
    });
  return { t, app, form, frame };
}

describe('counting pages', () => {
  it('send a request without a session to sign in; refuse a wrong CSRF token or another site (403), changing nothing', async () => {
    const a = await ui({ signedIn: false });
    const get = await a.app.inject({ method: 'GET', url: '/count' });
    expect([get.statusCode, get.headers.location]).toEqual([303, '/sign-in']);
    expect((await a.form('start', [])).statusCode).toBe(303);
    const b = await ui();
    const r = await b.form('start', [], 'X'.repeat(64));
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'EVD_ERR_FORBIDDEN' });
    const cross = await b.app.inject({
      method: 'POST',
      url: '/count/start',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: 'localhost',
        origin: 'http://evil.example',
      },
      payload: `csrf=${'C'.repeat(64)}`,
    });
    expect(cross.statusCode).toBe(403);
    expect(b.t.actions).toEqual([]);
  });

  it('the scanner is a script file of the station (no inline script)', async () => {
    const { t, form, app } = await ui();
    await form('start', []);
    const page = await app.inject({ method: 'GET', url: '/count' });
    expect(page.body).not.toMatch(/<script>/);
    expect(page.body).toContain('<script src="/count/scanner.js"></script>');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    const js = await app.inject({ method: 'GET', url: '/count/scanner.js' });
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.body).toContain('getUserMedia');
    expect(t.actions.map((a) => a.action)).toEqual(['count-start']);
  });

  it('start: too early is shown with the election-local time (409); then counting starts', async () => {
    const { t, form, app } = await ui();
    t.clock.local = COUNTING_START - 1000;
    const r = await form('start', []);
    expect(r.statusCode).toBe(409);
    expect(r.body).toMatch(
      /role="alert"[^>]*><p class="alert"[^>]*>counting starts at 2026-05-10T17:00:00 Europe\/Paris/,
    );
    t.clock.local = COUNTING_START;
    expect((await form('start', [])).statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: '/count' })).body).toContain('id="camera"');
  });

  it('start with the clock override needs the second worker’s secret', async () => {
    const { t, form } = await ui();
    t.offset.value = null;
    t.clock.local = COUNTING_START + 600_000;
    const bad = await form('start', [
      ['reason', 'offline'],
      ['second', 'bo'],
      ['secondPin', '0000'],
    ]);
    expect(bad.statusCode).toBe(409);
    expect(bad.body).toContain('wrong PIN');
    expect(
      (
        await form('start', [
          ['reason', 'offline'],
          ['second', 'bo'],
          ['secondPin', '5678'],
        ])
      ).statusCode,
    ).toBe(303);
    expect(t.actions.filter((a) => a.action === 'count-start').map((a) => a.worker)).toEqual(['ana', 'bo']);
  });

  it('camera frames: a ballot held in view is scanned once; shown again after leaving the view, it is a copy', async () => {
    const { t, form, app } = await ui();
    await form('start', []);
    const camera = (png: Buffer) =>
      app.inject({
        method: 'POST',
        url: '/count/frame',
        headers: {
          'content-type': 'image/png',
          'x-csrf-token': 'C'.repeat(64),
          'x-scan-source': 'camera',
          host: 'localhost',
          origin: 'http://localhost',
        },
        payload: png,
      });
    const bmd = await ballotQrPng(bmdBallotCode(place, choices, t.stationKey.secretKey));
    expect((await camera(bmd)).json()).toMatchObject({ results: [{ status: 'counted', kind: 'bmd' }] });
    for (let i = 0; i < 3; i++) {
      t.clock.local += 1000;
      expect((await camera(bmd)).json()).toMatchObject({ results: [], rejected: { copied: 0 } });
    }
    expect(rejectionCounts(t.env).copied).toBe(0);
    t.clock.local += HOLD_MS + 1; // set aside, then the same code again: a second piece of paper
    expect((await camera(bmd)).json()).toMatchObject({ results: [{ status: 'rejected', reason: 'copied' }] });
    expect(countedBallots(t.env)).toEqual({ bmd: 1, handMarked: 0 });
    expect(rejectionCounts(t.env).copied).toBe(1);
  });

  it('camera frames: a ballot shown while marks are waiting is scanned when shown after them', async () => {
    const { t, form, app } = await ui();
    await form('start', []);
    const camera = (png: Buffer) =>
      app.inject({
        method: 'POST',
        url: '/count/frame',
        headers: {
          'content-type': 'image/png',
          'x-csrf-token': 'C'.repeat(64),
          'x-scan-source': 'camera',
          host: 'localhost',
          origin: 'http://localhost',
        },
        payload: png,
      });
    const hand = await ballotQrPng(blankBallotCodes(place, t.printing.secretKey, 1)[0]!);
    const bmd = await ballotQrPng(bmdBallotCode(place, choices, t.stationKey.secretKey));
    expect((await camera(hand)).json()).toMatchObject({ results: [{ status: 'marks-needed' }] });
    expect((await camera(bmd)).json()).toMatchObject({ code: 'EVD_ERR_COUNT_MARKS_PENDING' });
    expect((await form('marks', [['c:national', 'national-option-1']])).statusCode).toBe(303);
    expect((await camera(bmd)).json()).toMatchObject({ results: [{ status: 'counted', kind: 'bmd' }] });
    expect(countedBallots(t.env)).toEqual({ bmd: 1, handMarked: 1 });
  });

  it('frames: a BMD ballot is counted, a copy refused, a hand-marked one asks for marks; then finish and sign', async () => {
    const { t, form, frame, app } = await ui();
    await form('start', []);
    const bmd = await ballotQrPng(bmdBallotCode(place, choices, t.stationKey.secretKey));
    expect((await frame(bmd)).json()).toMatchObject({ results: [{ status: 'counted', kind: 'bmd' }] });
    expect((await frame(bmd)).json()).toMatchObject({ results: [{ status: 'rejected', reason: 'copied' }] });
    expect((await frame(bmd, 'X'.repeat(64))).statusCode).toBe(403);
    const nothing = await frame(Buffer.from('not an image'));
    expect(nothing.statusCode).toBe(400);
    const hand = await ballotQrPng(blankBallotCodes(place, t.printing.secretKey, 1)[0]!);
    expect((await frame(hand)).json()).toMatchObject({ results: [{ status: 'marks-needed' }] });
    // while marks wait, another frame is refused as such
    expect((await frame(hand)).json()).toMatchObject({ code: 'EVD_ERR_COUNT_MARKS_PENDING' });
    const page = (await app.inject({ method: 'GET', url: '/count' })).body;
    expect(page).toContain('name="c:national"');
    expect((await form('marks', [['c:national', 'national-option-2']])).statusCode).toBe(303);
    expect(countedBallots(t.env)).toEqual({ bmd: 1, handMarked: 1 });
    t.checkIns.n = 2;
    expect((await form('finish', [])).statusCode).toBe(303);
    expect((await form('sheet', [])).statusCode).toBe(303);
    expect(stationSheets(t.env)).toHaveLength(1);
    expect(t.outbox).toHaveLength(1);
  });

  it('finish without the explanation of a difference is refused on the page', async () => {
    const { t, form } = await ui();
    await form('start', []);
    t.checkIns.n = 4;
    const r = await form('finish', []);
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('0 ballots counted but 4 voters checked in');
    expect((await form('finish', [['explain', 'four voters left with their ballots']])).statusCode).toBe(303);
  });
});
