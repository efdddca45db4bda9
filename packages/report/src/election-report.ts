/**
 * The report of one record (spec/reports.md): every figure taken either from the verifier's
 * report — its numbered steps and its P9 final result, the one computation of the results — or
 * from the board's entries ({@link boardFacts}). This document is the JSON format; the CSV, HTML
 * and PDF forms are renderings of it and add no figure of their own.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, readRecordBoard } from '@evident/record';
import { type FinalResult, type VerificationReport, verifyRecord } from '@evident/verifier-cli';
import type { Lang } from '@evident/i18n';
import { type BoardFacts, boardFacts } from './board-facts.js';
import { type RefusedSheets, type SecurityEvent, electionIncidents, refusedSheets } from './incidents.js';

export const REPORT_FORMAT = 'evident/report/v1';

/** One verification step as the report lists it. */
export interface ReportStep {
  readonly id: string;
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly checked: number;
  readonly failures: number;
  readonly note: string | null;
}

/** Turnout by channel. */
export interface Turnout {
  /** online ballots counted (the last of each credential, none of a cancelled one) */
  readonly onlineCounted: number;
  readonly onlineSuperseded: number;
  /** paper ballots counted on the effective sheets */
  readonly paperBallots: number;
  /** check-ins on the stations' signed poll books */
  readonly checkIns: number;
  readonly total: number;
}

/** The whole report. */
export interface ElectionReport {
  readonly format: typeof REPORT_FORMAT;
  readonly language: Lang;
  readonly electionId: string;
  readonly electionName: string;
  readonly record: string;
  readonly verification: {
    readonly valid: boolean;
    readonly recordFormat: string;
    readonly steps: readonly ReportStep[];
  };
  /** the verifier's P9 final result; null for a record without a board (no paper channel) */
  readonly results: FinalResult | null;
  readonly turnout: Turnout;
  readonly cancellations: number;
  readonly challenged: number;
  readonly rejected: BoardFacts['rejected'];
  /** the server's security events of the election, oldest first; null when not available (a record folder alone) */
  readonly incidents: readonly SecurityEvent[] | null;
  /** refused tally sheets (not on the board: events of kind `sheet-refused`); null when not available */
  readonly refusedSheets: readonly RefusedSheets[] | null;
  readonly exclusions: BoardFacts['exclusions'];
  readonly reconciliation: BoardFacts['reconciliation'];
  /** the ranked contests' counts as the board publishes them (online only: checked by K1–K4) */
  readonly ranked: BoardFacts['ranked'];
  /** keyed stations, not excluded, without an effective sheet */
  readonly notReported: BoardFacts['notReported'];
}

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  readonly language?: Lang;
  /** the server's security events (any election's: the report keeps its own); none: not available */
  readonly securityEvents?: readonly SecurityEvent[];
  /** verifier worker threads (0 runs in this thread) */
  readonly workers?: number;
}

const NO_FACTS: BoardFacts = {
  onlineCounted: 0,
  onlineSuperseded: 0,
  cancellations: 0,
  challenged: 0,
  checkIns: 0,
  exclusions: [],
  rejected: [],
  reconciliation: [],
  ranked: [],
  notReported: [],
};

function electionName(dir: string, language: string): string {
  const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as {
    electionLabel?: string;
    name?: Record<string, string>;
  };
  return m.name?.[language] ?? m.name?.en ?? m.electionLabel ?? '';
}

/** The report's form of the verifier's steps. */
const stepsOf = (v: VerificationReport): ReportStep[] =>
  v.steps.map((s) => ({
    id: s.id,
    title: s.title,
    status: s.status,
    checked: s.checked,
    failures: s.failureCount,
    note: s.note ?? null,
  }));

/**
 * Verifies the record at `dir` and makes its report.
 * @throws {UnreadableError} (@evident/verifier-cli) when `dir` is not a readable record
 * @throws {BoardReadError} (@evident/record) when its board cannot be read
 */
export async function buildReport(dir: string, o: BuildReportOptions = {}): Promise<ElectionReport> {
  const language: Lang = o.language ?? 'en';
  const v = await verifyRecord(dir, { workers: o.workers ?? 0 });
  const board = readRecordBoard(dir);
  const results = v.finalResult ?? null;
  const effective = new Map((results?.byStation ?? []).map((s) => [s.station, s.sheetHash]));
  const facts = board ? boardFacts(board.entries, effective) : NO_FACTS;
  const paperBallots = (results?.byStation ?? []).reduce((a, s) => a + s.ballots, 0);
  const electionId = board?.electionId ?? '';
  const incidents = o.securityEvents ? electionIncidents(o.securityEvents, electionId) : null;
  return {
    format: REPORT_FORMAT,
    language,
    electionId,
    electionName: electionName(dir, language),
    record: dir,
    verification: { valid: v.valid, recordFormat: v.format, steps: stepsOf(v) },
    results,
    turnout: {
      onlineCounted: facts.onlineCounted,
      onlineSuperseded: facts.onlineSuperseded,
      paperBallots,
      checkIns: facts.checkIns,
      total: facts.onlineCounted + paperBallots,
    },
    cancellations: facts.cancellations,
    challenged: facts.challenged,
    rejected: facts.rejected,
    incidents,
    refusedSheets: incidents ? refusedSheets(incidents) : null,
    exclusions: facts.exclusions,
    reconciliation: facts.reconciliation,
    ranked: facts.ranked,
    notReported: facts.notReported,
  };
}
