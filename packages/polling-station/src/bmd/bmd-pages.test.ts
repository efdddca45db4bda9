import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { readCodes } from '../count/scan-link.js';
import { decodeBallotQr, verifyBallotToken } from '@evident/record';
import { testStation } from '../../test/count-fixture.js';
import { startCounting } from '../count/counting-session.js';
import { scanBallot } from '../count/scan-ballot.js';
import { registerBmdPages } from './bmd-pages.js';
import { bmdWords } from './bmd-view.js';

/** The station UI's shell as station-core builds it: its own form parser (one value per field) and headers. */
function shell() {
  const app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', "default-src 'none'");
    return payload;
  });
  return app;
}

async function device(opts: { origin?: string } = {}) {
  const t = testStation();
  const app = shell();
  registerBmdPages(app, { identity: t.identity, stationSecretKey: () => t.stationKey.secretKey });
  await app.ready();
  const post = (fields: [string, string][]) =>
    app.inject({
      method: 'POST',
      url: '/bmd',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: 'localhost',
        origin: opts.origin ?? 'http://localhost',
      },
      payload: new URLSearchParams(fields).toString(),
    });
  return { t, app, post };
}

async function qrOf(html: string): Promise<string> {
  const b64 = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(html)![1]!;
  const [code] = await readCodes(Buffer.from(b64, 'base64'));
  return code!.text!;
}

const marks: [string, string][] = [
  ['c:national', 'national-option-2'],
  ['c:d1-c2', 'd1-c2-option-3'],
];

/** Two options of the one-vote national contest, sent for review. */
const overvote: [string, string][] = [
  ['c:national', 'national-option-1'],
  ['c:national', 'national-option-2'],
  ['action', 'review'],
];

describe('the ballot-marking device', () => {
  it('marking page: a fieldset with a legend per contest, a label per native input, an alert region, lang', async () => {
    const { app } = await device();
    const r = await app.inject({ method: 'GET', url: '/bmd' });
    expect(r.statusCode).toBe(200);
    const h = r.body;
    expect(h).toContain('<html lang="en" dir="ltr">');
    expect(h.match(/<fieldset/g)).toHaveLength(3);
    expect(h.match(/<legend>/g)).toHaveLength(3);
    const inputs = [...h.matchAll(/<input type="(radio|checkbox)" id="([^"]+)"/g)];
    expect(inputs).toHaveLength(9);
    for (const [, type, id] of inputs) {
      expect(type).toBe('radio'); // vote limit 1
      expect(h).toContain(`<label for="${id}">`);
    }
    expect(h).toContain('role="alert" aria-live="assertive"');
    expect(h).not.toMatch(/http-equiv="refresh"|setTimeout/); // no time limit
  });

  it('large-text, high-contrast and language toggles keep the marks made so far', async () => {
    const { post } = await device();
    const r = await post([...marks, ['lang', 'en'], ['action', 'large']]);
    expect(r.body).toContain('<body class="large">');
    expect(r.body).toContain('value="national-option-2" checked');
    const r2 = await post([...marks, ['lang', 'en'], ['large', '1'], ['action', 'contrast']]);
    expect(r2.body).toContain('<body class="large contrast">');
    const r3 = await post([...marks, ['action', 'lang:fr']]);
    expect(r3.body).toContain('<span lang="fr">Candidat·e 2</span>');
    expect(r3.body).toContain('value="d1-c2-option-3" checked');
  });

  it('an overvote or a tampered option is refused with an alert naming the contest (422)', async () => {
    const { post } = await device();
    const r = await post(overvote);
    expect(r.statusCode).toBe(422);
    expect(r.body).toMatch(
      /role="alert"[^>]*>.*Contest national.*you chose 2 options; at most 1 is allowed/s,
    );
    expect(r.body).toContain('aria-invalid="true"');
    const r2 = await post([
      ['c:national', 'd2-c1-option-1'],
      ['action', 'print'],
    ]);
    expect(r2.statusCode).toBe(422);
    expect(r2.body).not.toContain('data:image/png');
  });

  it('review shows the choices in words, blank contests as such, and carries them to print', async () => {
    const { post } = await device();
    const r = await post([...marks, ['action', 'review']]);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<li lang="en">Candidate 2</li>');
    expect(r.body).toContain('<li>No choice (blank)</li>');
    expect(r.body).toContain('<input type="hidden" name="c:national" value="national-option-2">');
    const back = await post([...marks, ['action', 'change']]);
    expect(back.body).toContain('value="national-option-2" checked');
  });

  it('print: the code carries the choices, signed by the station key, and the station counts it', async () => {
    const { t, post } = await device();
    const r = await post([...marks, ['action', 'print']]);
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const text = await qrOf(r.body);
    const d = decodeBallotQr(text);
    expect(d.token).toMatchObject({
      kind: 'bmd',
      electionId: 'E1',
      station: 'station-1',
      style: 'style-1',
      choices: [
        { contest: 'national', selected: ['national-option-2'] },
        { contest: 'd1-c1', selected: [] },
        { contest: 'd1-c2', selected: ['d1-c2-option-3'] },
      ],
    });
    expect(verifyBallotToken(d, t.stationKey.publicKey)).toBe(true);
    startCounting(t.env, ['Ana']);
    expect(scanBallot(t.env, 'Ana', text)).toMatchObject({ status: 'counted', kind: 'bmd' });
  });

  it('inside the station UI: its own form parser (checkbox groups), its own headers, no inline script', async () => {
    const { post } = await device();
    const r = await post(overvote);
    expect(r.body).toContain('you chose 2 options; at most 1 is allowed'); // both values of the group arrived
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['cache-control']).toBe('no-store');
    const printed = await post([...marks, ['action', 'print']]);
    expect(printed.body).not.toMatch(/<script>|onclick=/);
    expect(printed.body).toContain('<script src="/bmd/print.js"></script>');
  });

  it('speaks the voter’s language: Arabic right to left, names in the manifest’s language when it has none in Arabic, refusals in Arabic', async () => {
    const { app, post } = await device();
    const ar = bmdWords('ar');
    const page = await app.inject({
      method: 'GET',
      url: '/bmd',
      headers: { 'accept-language': 'ar, en;q=0.5' },
    });
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain(`<h1>${ar('markTitle')}</h1>`);
    expect(page.body).toContain('<span lang="en">Candidate 2</span>'); // the manifest has en and fr only
    expect(page.body).toContain('<input type="hidden" name="lang" value="ar">');
    const over = await post([...overvote, ['lang', 'ar']]);
    expect(over.statusCode).toBe(422);
    expect(over.body).toContain(ar('tooMany', { chosen: 2, limit: 1 }));
    expect(ar('tooMany', { chosen: 2, limit: 1 })).toBe('اخترت خيارين؛ والمسموح به خيار واحد على الأكثر');
    const fr = await post([...marks, ['lang', 'ar'], ['action', 'lang:fr']]);
    expect(fr.body).toContain('<html lang="fr" dir="ltr">');
    expect(fr.body).toContain('value="d1-c2-option-3" checked');
    expect(fr.body).toMatch(
      /<button type="submit" name="action" value="lang:ar" lang="ar" dir="rtl" aria-pressed="false">العربية<\/button>/,
    );
    const { post: crossPost } = await device({ origin: 'http://evil.example' });
    const cross = await crossPost([...marks, ['lang', 'ar'], ['action', 'print']]);
    expect(cross.statusCode).toBe(403);
    expect(cross.json()).toMatchObject({ code: 'EVD_ERR_FORBIDDEN', message: ar('errForbidden') });
  });

  it('refuses a post from another site (403), printing nothing', async () => {
    const { post } = await device({ origin: 'http://evil.example' });
    const r = await post([...marks, ['action', 'print']]);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'EVD_ERR_FORBIDDEN' });
  });

  it('print as PDF', async () => {
    const { post } = await device();
    const r = await post([...marks, ['action', 'print-pdf']]);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('each print has a fresh serial', async () => {
    const { post } = await device();
    const a = decodeBallotQr(await qrOf((await post([...marks, ['action', 'print']])).body));
    const b = decodeBallotQr(await qrOf((await post([...marks, ['action', 'print']])).body));
    expect(a.token.serial).not.toBe(b.token.serial);
  });
});
