/**
 * The counting pages of the station UI (spec/stations.md §5), a fastify plugin: a signed-in poll
 * worker starts counting (or two override the clock check), scans ballots from webcam frames or
 * image files (the page posts the image; the station reads the codes), enters a hand-marked
 * ballot's marks, ends counting with the reconciliation and signs the sheet. Every form carries
 * the session's CSRF token. Refusals are coded 4xx answers (`EVD_ERR_COUNT_…`).
 * @module
 */
import type { Lang } from '@evident/i18n';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Database from 'better-sqlite3';
import { PAGE_CSP, preparePageScope } from '../bmd/page-scope.js';
import { sameOrigin } from '../ui/session-guard.js';
import { stationLang } from '../ui/station-lang.js';
import { contestField } from '../bmd/bmd-marks.js';
import { CountError } from './count-error.js';
import {
  countSession,
  countedBallots,
  finishCounting,
  reconciliation,
  reopenCounting,
  startCounting,
} from './counting-session.js';
import { enterMarks, rejectionCounts, scanBallot, styleContests } from './scan-ballot.js';
import type { ScannedCode } from './scan-link.js';
import type { CountEnv } from './station-env.js';
import { correctSheet, makeSheet, stationSheets } from './tally-sheet-make.js';
import { SCANNER_JS, countPage } from './count-view.js';
import { cameraView } from './camera-view.js';

/** What the counting pages need from the station UI. */
export interface CountPagesContext {
  readonly env: CountEnv;
  /** the request's signed-in session (station-core's), or undefined */
  readonly session: (req: FastifyRequest) => { worker: string; csrf: string } | undefined;
  /** checks another worker's secret (station-core's `requireWorker`); throws when refused */
  readonly requireWorker: (db: Database.Database, name: string, secret: string) => string;
  /** the station's Ed25519 seed, unlocked by the station UI */
  readonly stationSecretKey: () => Uint8Array;
  /** reads every QR code of a PNG or JPEG (the scan module's `readCodes`) */
  readonly readCodes: (image: Uint8Array) => Promise<ScannedCode[]>;
  readonly prefix?: string;
  /** the station UI's navigation bar, shown on the counting page */
  readonly nav?: readonly {
    readonly href: string;
    readonly label: string;
    readonly labels?: Readonly<Partial<Record<Lang, string>>>;
  }[];
  /** where a request without a session is sent (default `/sign-in`) */
  readonly signInPath?: string;
}

const IMAGES = ['image/png', 'image/jpeg', 'application/octet-stream'];

function refusal(reply: FastifyReply, status: number, code: string, message: string) {
  return reply
    .code(status)
    .send({ statusCode: status, code, error: status === 403 ? 'Forbidden' : 'Conflict', message });
}

function countCode(e: CountError): string {
  return `EVD_ERR_COUNT_${e.code.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Registers the counting pages in their own scope (the station UI's page-registrar shape:
 * errors surface when the app is made ready).
 */
export function registerCountPages(app: FastifyInstance, ctx: CountPagesContext): void {
  const base = ctx.prefix ?? '/count';
  const env = ctx.env;
  const contests = () => env.identity.manifest.contests.filter((c) => styleContests(env).includes(c.label));

  const view = (lang: Lang, worker: string, csrf: string, message: string | null) => {
    const s = countSession(env);
    const pending = env.db.prepare('SELECT 1 FROM count_pending').get() ? contests() : null;
    return countPage({
      prefix: base,
      csrf,
      worker,
      started: s ? new Date(s.startedAt).toISOString() : null,
      finished: s?.finishedAt ? new Date(s.finishedAt).toISOString() : null,
      countingStart: env.identity.countingStart,
      timeZone: env.identity.timeZone,
      counted: countedBallots(env),
      checkIns: reconciliation(env).checkIns,
      rejected: rejectionCounts(env),
      pending,
      sheets: stationSheets(env).map((x) => ({ sequence: x.sequence, sheetHash: x.sheetHash })),
      message,
      lang,
      manifest: env.identity.manifest,
      ...(ctx.nav ? { nav: ctx.nav } : {}),
    });
  };

  const signIn = ctx.signInPath ?? '/sign-in';
  const camera = cameraView();
  void app.register(async (scope) => {
    preparePageScope(scope);
    scope.get(`${base}/scanner.js`, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').send(SCANNER_JS),
    );
    scope.addContentTypeParser(IMAGES, { parseAs: 'buffer', bodyLimit: 16 * 1024 * 1024 }, (_r, body, done) =>
      done(null, body),
    );

    const html = (reply: FastifyReply, text: string, status = 200) =>
      reply
        .code(status)
        .header('content-security-policy', PAGE_CSP)
        .type('text/html; charset=utf-8')
        .send(text);

    /** A form action: session and CSRF checked, a CountError shown on the page (409). */
    const action = (path: string, run: (worker: string, form: Record<string, string[]>) => void) =>
      scope.post(`${base}/${path}`, async (req, reply) => {
        const s = ctx.session(req);
        if (!s) return reply.redirect(signIn, 303);
        const form = (req.body ?? {}) as Record<string, string[]>;
        if (!sameOrigin(req) || form.csrf?.[0] !== s.csrf)
          return refusal(reply, 403, 'EVD_ERR_FORBIDDEN', 'the form is not from this session');
        try {
          run(s.worker, form);
        } catch (e) {
          if (!(e instanceof CountError) && !(e as { exitCode?: number }).exitCode) throw e;
          return html(reply, view(stationLang(req, reply), s.worker, s.csrf, (e as Error).message), 409);
        }
        return reply.redirect(base, 303);
      });

    scope.get(base, async (req, reply) => {
      const s = ctx.session(req);
      if (!s) return reply.redirect(signIn, 303);
      return html(reply, view(stationLang(req, reply), s.worker, s.csrf, null));
    });

    action('start', (worker, f) => {
      const reason = f.reason?.[0];
      if (reason === undefined) return void startCounting(env, [worker]);
      const second = ctx.requireWorker(env.db, f.second?.[0] ?? '', f.secondPin?.[0] ?? '');
      startCounting(env, [worker, second], { by: [worker, second], reason });
    });
    action('marks', (worker, f) => {
      const marks = Object.fromEntries(styleContests(env).map((c) => [c, f[contestField(c)] ?? []]));
      enterMarks(env, worker, marks);
    });
    action('finish', (worker, f) => void finishCounting(env, worker, f.explain?.[0]));
    action('reopen', (worker, f) => reopenCounting(env, worker, f.reason?.[0] ?? ''));
    action('sheet', (worker, f) => {
      const reason = f.reason?.[0];
      if (reason === undefined) makeSheet(env, worker, ctx.stationSecretKey());
      else correctSheet(env, worker, ctx.stationSecretKey(), reason);
    });

    // a webcam frame or an image file: every code in it is scanned as a ballot
    scope.post(`${base}/frame`, async (req, reply) => {
      const s = ctx.session(req);
      if (!s) return refusal(reply, 403, 'EVD_ERR_FORBIDDEN', 'sign in first');
      if (!sameOrigin(req) || req.headers['x-csrf-token'] !== s.csrf)
        return refusal(reply, 403, 'EVD_ERR_FORBIDDEN', 'the request is not from this session');
      if (!Buffer.isBuffer(req.body))
        return reply.code(415).send({
          statusCode: 415,
          code: 'EVD_ERR_INVALID_IMAGE',
          error: 'Unsupported Media Type',
          message: 'send a PNG or JPEG image',
        });
      let codes: ScannedCode[];
      try {
        codes = await ctx.readCodes(req.body);
      } catch {
        return reply.code(400).send({
          statusCode: 400,
          code: 'EVD_ERR_INVALID_IMAGE',
          error: 'Bad Request',
          message: 'not a readable PNG or JPEG image',
        });
      }
      // a camera sees the ballot held over the table in many frames: only a code coming into view is scanned
      const fromCamera = req.headers['x-scan-source'] === 'camera';
      const key = (c: ScannedCode) => c.text ?? Buffer.from(c.bytes).toString('hex');
      if (fromCamera) {
        const fresh = new Set(camera.comingIntoView(s.csrf, codes.map(key), env.now()));
        codes = codes.filter((c) => fresh.has(key(c)));
      }
      // each code on its own: a refusal of one (a hand-marked ballot still waiting) keeps the others' answers
      const results = codes.map((c) => {
        try {
          return scanBallot(env, s.worker, c.text ?? '');
        } catch (e) {
          if (!(e instanceof CountError)) throw e;
          // not scanned: shown again, it is scanned then, however short the time out of view
          if (fromCamera) camera.forget(s.csrf, key(c));
          return { status: 'not-scanned' as const, code: countCode(e), message: e.message };
        }
      });
      if (results.length > 0 && results.every((r) => r.status === 'not-scanned'))
        return refusal(reply, 409, results[0]!.code, results[0]!.message);
      return { results, counted: countedBallots(env), rejected: rejectionCounts(env) };
    });
  });
}
