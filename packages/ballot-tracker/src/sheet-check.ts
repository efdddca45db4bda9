/**
 * `evident-track sheet IMAGE… --server URL --election ID`: an observer's check of a station tally
 * sheet posted on the door, from photos of its QR codes (spec/tracker.md §6). The reading and the
 * judging are the polling station's own (`sheetRead` of @evident/polling-station: the parts
 * assembled, the station's signature checked under its registered key, the sheet compared with
 * the latest one the board publishes for the station); here only the question and the answer.
 * Exit 0 valid and published; 1 invalid, not published or superseded, or a board that does not
 * verify; 2 unreadable photos, missing parts, an unreachable server, bad usage.
 * @module
 */
import { SheetReadError, sheetRead, sheetReportText } from '@evident/polling-station';

/** What the observer asks. */
export interface SheetCheckOptions {
  readonly server: string;
  readonly electionId: string;
  /** the log key pinned by the observer (64 hex digits) */
  readonly logKey?: string;
  readonly json: boolean;
}

/** The answer: its exit code and the text (or JSON document) for stdout, or a message for stderr. */
export interface SheetCheckAnswer {
  readonly exitCode: 0 | 1 | 2;
  readonly out?: string;
  readonly err?: string;
}

/** Reads and judges the sheets in `images` against the server's board. */
export async function checkPostedSheet(
  images: readonly string[],
  o: SheetCheckOptions,
): Promise<SheetCheckAnswer> {
  try {
    const report = await sheetRead({
      images,
      server: o.server,
      election: o.electionId,
      ...(o.logKey !== undefined ? { logKey: o.logKey } : {}),
    });
    const ok = report.exitCode === 0;
    return {
      exitCode: report.exitCode,
      out: o.json ? JSON.stringify({ ok, ...report }, null, 2) : sheetReportText(report),
    };
  } catch (e) {
    if (!(e instanceof SheetReadError)) throw e;
    return {
      exitCode: e.exitCode,
      ...(o.json
        ? { out: JSON.stringify({ ok: false, exitCode: e.exitCode, message: e.message }, null, 2) }
        : { err: `evident-track: ${e.message}` }),
    };
  }
}
