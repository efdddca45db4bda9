/**
 * The server's reports of an election, made the way `evident-report` makes them from a record
 * folder — the server exports its own record into a temporary folder (`exportRecord`, the code
 * of `evident-server export`), and `@evident/report` verifies it and builds the document: one
 * renderer for both. A report is built once per election, board size and language, and each
 * public rendering once per format; concurrent requests share one build. A larger board (a
 * sheet, a correction) makes a new report; the older sizes are dropped.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lang } from '@evident/i18n';
import { type ElectionReport, type ReportFormat, buildReport, renderReport } from '@evident/report';
import type { ServerContext } from '../context.js';
import { exportRecord } from '../record/export-record.js';

/** One election's cached reports, all of one board size. */
interface Entry {
  readonly size: number;
  readonly reports: Map<Lang, Promise<ElectionReport>>;
  readonly bodies: Map<string, Promise<string | Buffer>>;
}

/** Makes the report of an election in a language. */
export type BuildFn = (id: string, lang: Lang) => Promise<ElectionReport>;

/** Builds the report of election `id` in `lang` from a fresh export of its record. */
async function buildFromExport(ctx: ServerContext, id: string, lang: Lang): Promise<ElectionReport> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-report-'));
  try {
    await exportRecord(ctx.store, id, dir);
    // the verifier's checks in a worker thread: the server's event loop stays free meanwhile
    const report = await buildReport(dir, { language: lang, workers: 1 });
    return { ...report, record: `election ${id}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report cache of one server. */
export class ReportCache {
  private readonly entries = new Map<string, Entry>();

  private readonly build: BuildFn;

  /** @param build - how a report is made (tests count the builds); by default from the server's export */
  constructor(ctx: ServerContext, build?: BuildFn) {
    this.build = build ?? ((id, lang) => buildFromExport(ctx, id, lang));
  }

  private entry(id: string, size: number): Entry {
    const hit = this.entries.get(id);
    if (hit && hit.size === size) return hit;
    const fresh: Entry = { size, reports: new Map(), bodies: new Map() };
    this.entries.set(id, fresh);
    return fresh;
  }

  /** The public report (no incidents) of election `id` at board size `size`, in `lang`. */
  report(id: string, size: number, lang: Lang): Promise<ElectionReport> {
    const e = this.entry(id, size);
    let p = e.reports.get(lang);
    if (!p) {
      p = this.build(id, lang);
      // a failed build is not kept: the next request tries again
      p.catch(() => e.reports.delete(lang));
      e.reports.set(lang, p);
    }
    return p;
  }

  /** The public report rendered in `format`. */
  body(id: string, size: number, lang: Lang, format: ReportFormat): Promise<string | Buffer> {
    const e = this.entry(id, size);
    const key = `${lang}.${format}`;
    let p = e.bodies.get(key);
    if (!p) {
      p = this.report(id, size, lang).then((r) => renderReport(r, format, { served: true }));
      p.catch(() => e.bodies.delete(key));
      e.bodies.set(key, p);
    }
    return p;
  }
}
