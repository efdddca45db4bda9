/**
 * `GET /elections/{electionId}/report.{pdf,html,csv,json}?lang=en|fr|ar` (spec/server-api.md
 * §12.7, spec/reports.md §8): the election's report, built from the server's own record export
 * by `@evident/report` (`report-cache.ts`). Public without a token, and then without incidents;
 * with an administrator's or observer's token, the incidents (the security events of §12.4) are
 * included. Before the trustees have decrypted the online tally: 409 `EVD_ERR_WRONG_PHASE`.
 * @module
 */
import { type Lang, pickLang } from '@evident/i18n';
import {
  type ElectionReport,
  PdfTextError,
  REPORT_FORMATS,
  REPORT_MEDIA_TYPES,
  type ReportFormat,
  type SecurityEvent,
  electionIncidents,
  refusedSheets,
  renderReport,
} from '@evident/report';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashToken } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { errorResponses, idSchema } from '../schemas.js';
import { publishedTally } from '../tally/decryption-session.js';
import { ReportCache } from './report-cache.js';

/** The HTML report has no script and no external asset: nothing else may load. */
const HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PAGE = 1000;

/**
 * Whether the request may see the incidents: no token, no; an administrator's or observer's
 * token, yes.
 * @throws {ApiError} EVD_ERR_UNAUTHENTICATED for an unknown or revoked token, EVD_ERR_FORBIDDEN
 *   for a token of another role (a token that is given is never silently ignored)
 */
async function mayReadIncidents(ctx: ServerContext, req: FastifyRequest): Promise<boolean> {
  const h = req.headers.authorization;
  if (h === undefined) return false;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  const row = m ? await ctx.store.findToken(hashToken(m[1]!)) : undefined;
  if (!row || row.revoked) throw new ApiError('EVD_ERR_UNAUTHENTICATED', 'unknown or revoked token');
  if (row.role !== 'administrator' && row.role !== 'observer')
    throw new ApiError(
      'EVD_ERR_FORBIDDEN',
      'the report with incidents needs the role administrator or observer',
    );
  return true;
}

/** Every security event the store holds (paged as the admin route pages them). */
async function allSecurityEvents(ctx: ServerContext): Promise<SecurityEvent[]> {
  const out: SecurityEvent[] = [];
  for (let before: number | undefined; ;) {
    const page = await ctx.store.securityEvents(PAGE, before);
    out.push(...page);
    if (page.length < PAGE) return out;
    before = page[page.length - 1]!.id;
  }
}

/** The public report with the election's incidents added. */
function withIncidents(r: ElectionReport, events: readonly SecurityEvent[]): ElectionReport {
  const incidents = electionIncidents(events, r.electionId);
  return { ...r, incidents, refusedSheets: refusedSheets(incidents) };
}

async function rendered(
  cache: ReportCache,
  ctx: ServerContext,
  id: string,
  lang: Lang,
  format: ReportFormat,
  incidents: boolean,
): Promise<string | Buffer> {
  const size = ctx.logs.get(id)?.size ?? 0;
  try {
    if (!incidents) return await cache.body(id, size, lang, format);
    const report = withIncidents(await cache.report(id, size, lang), await allSecurityEvents(ctx));
    return await renderReport(report, format, { served: true });
  } catch (e) {
    if (e instanceof PdfTextError)
      throw new ApiError(
        'EVD_ERR_NOT_RENDERABLE',
        `${e.message.replace(/: use --format.*$/, '')}: ask for the html, csv or json report`,
        'format',
      );
    throw e;
  }
}

/** Registers the route. */
export function reportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cache = new ReportCache(ctx);
  app.get<{ Params: { electionId: string; format: ReportFormat }; Querystring: { lang?: string } }>(
    '/elections/:electionId/report.:format',
    {
      schema: {
        tags: ['results'],
        summary:
          'The election’s report (PDF, HTML, CSV or JSON) from its record, in a language; with an administrator or observer token, with the incidents',
        params: {
          type: 'object',
          required: ['electionId', 'format'],
          properties: { electionId: idSchema, format: { type: 'string', enum: [...REPORT_FORMATS] } },
          additionalProperties: false,
        },
        querystring: {
          type: 'object',
          properties: { lang: { type: 'string', maxLength: 16 } },
          additionalProperties: false,
        },
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { electionId: id, format } = req.params;
      const incidents = await mayReadIncidents(ctx, req);
      await loadElection(ctx, id);
      if (!(await publishedTally(ctx, id)))
        throw new ApiError(
          'EVD_ERR_WRONG_PHASE',
          `election "${id}" has no results yet: its report exists once the trustees have decrypted the online tally`,
        );
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      const body = await rendered(cache, ctx, id, lang, format, incidents);
      reply
        .header('content-type', REPORT_MEDIA_TYPES[format])
        .header('content-language', lang)
        .header('content-disposition', `inline; filename="report-${id}-${lang}.${format}"`)
        .header('vary', 'accept-language, authorization')
        .header('cache-control', incidents ? 'private, no-store' : 'no-cache');
      if (format === 'html') reply.header('content-security-policy', HTML_CSP);
      return reply.send(body);
    },
  );
}
