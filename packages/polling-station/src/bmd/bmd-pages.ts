/**
 * The ballot-marking device's routes (spec/stations.md §3.2), a fastify plugin registered in the
 * station UI: GET the marking page, POST the form to re-display (toggles), review, change or
 * print. The station key signs the printed code; the choices are never written or logged here.
 * @module
 */
import { isLang, pickLang } from '@evident/i18n';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ballotQrPng } from '../ballots/ballot-qr.js';
import { bmdBallotPdf } from '../ballots/ballot-pdf.js';
import type { StationIdentity } from '../count/station-env.js';
import { type FormFields, bmdCode, bmdContests, readChoices } from './bmd-marks.js';
import { bmdWords, type Display, markPage, printedPage, reviewPage } from './bmd-view.js';
import { PAGE_CSP, preparePageScope } from './page-scope.js';
import { sameOrigin } from '../ui/session-guard.js';

/** What the marking device needs. */
export interface BmdContext {
  readonly identity: StationIdentity;
  /** the station's Ed25519 seed, unlocked by the station UI */
  readonly stationSecretKey: () => Uint8Array;
  /** URL prefix of the pages (default `/bmd`) */
  readonly prefix?: string;
}

/** The display of a request: its language by `pickLang` (the form's, then the browser's), its toggles. */
function display(req: FastifyRequest, form: FormFields): Display {
  return {
    lang: pickLang(form.lang?.[0], req.headers['accept-language']),
    large: form.large?.[0] === '1',
    contrast: form.contrast?.[0] === '1',
  };
}

function html(reply: FastifyReply, text: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', PAGE_CSP)
    .type('text/html; charset=utf-8')
    .send(text);
}

/** The printed page's one script: its Print button. */
const PRINT_JS = `document.getElementById('print')?.addEventListener('click', () => window.print());\n`;

/**
 * Registers the marking device's pages in their own scope (the station UI's page-registrar
 * shape: errors surface when the app is made ready).
 * @throws {RangeError} when the station has no ballot style in the manifest
 */
export function registerBmdPages(app: FastifyInstance, ctx: BmdContext): void {
  const base = ctx.prefix ?? '/bmd';
  const contests = bmdContests(ctx.identity);
  const m = ctx.identity.manifest;
  void app.register(async (scope) => {
    preparePageScope(scope);
    scope.get(`${base}/print.js`, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').send(PRINT_JS),
    );
    scope.get(base, async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const form: FormFields = { lang: [q.lang ?? ''], large: [q.large ?? ''], contrast: [q.contrast ?? ''] };
      return html(reply, markPage(m, contests, display(req, form), [], [], base));
    });
    scope.post(base, async (req, reply) => {
      const form = (req.body ?? {}) as FormFields;
      let d = display(req, form);
      if (!sameOrigin(req))
        return reply.code(403).send({
          statusCode: 403,
          code: 'EVD_ERR_FORBIDDEN',
          error: 'Forbidden',
          message: bmdWords(d.lang)('errForbidden'),
        });
      const action = form.action?.[0] ?? 'review';
      const { choices, problems } = readChoices(ctx.identity, form);
      if (action === 'large') d = { ...d, large: !d.large };
      else if (action === 'contrast') d = { ...d, contrast: !d.contrast };
      else if (action.startsWith('lang:') && isLang(action.slice(5)))
        d = { ...d, lang: action.slice(5) as Display['lang'] };
      if (action !== 'review' && action !== 'print' && action !== 'print-pdf')
        return html(reply, markPage(m, contests, d, choices, [], base));
      if (problems.length > 0) return html(reply, markPage(m, contests, d, choices, problems, base), 422);
      if (action === 'review') return html(reply, reviewPage(m, contests, d, choices, base));
      const code = bmdCode(ctx.identity, choices, ctx.stationSecretKey());
      if (action === 'print-pdf') {
        const pdf = await bmdBallotPdf(
          { manifest: m, station: ctx.identity.station, lang: d.lang },
          code,
          choices,
        );
        return reply.type('application/pdf').send(pdf);
      }
      const png = (await ballotQrPng(code, 6)).toString('base64');
      const again = `${base}?lang=${encodeURIComponent(d.lang)}&large=${d.large ? 1 : ''}&contrast=${d.contrast ? 1 : ''}`;
      return html(reply, printedPage(m, contests, d, choices, png, again, `${base}/print.js`));
    });
  });
}
