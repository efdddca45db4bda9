/**
 * The report as titled tables, one per section (spec/reports.md §3): what the CSV, HTML and PDF
 * forms render, so that the three show the same figures under the same headings, in the report's
 * language (`report-strings.ts`). Counts stay numbers here: each form writes them its own way
 * (digits in the CSV, the language's number format in HTML and PDF).
 * @module
 */
import { type Translate, translator } from '@evident/i18n';
import type { ElectionReport } from './election-report.js';
import { type ReportKey, REPORT_STRINGS } from './report-strings.js';

/** A cell: a count, a text, or nothing (null: not applicable or not in the record). */
export type Cell = string | number | null;

/** One section of the report. */
export interface ReportTable {
  /** stable identifier, the same in every language (the CSV's `section` column) */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** what the section says instead of rows when the figures are not available (incidents of a record folder) */
  readonly unavailable?: string;
  /** a sentence the HTML and PDF forms show under the title (the CSV has the rows) */
  readonly lead?: string;
}

type T = Translate<ReportKey>;

/** The translated words of the codes the record holds (rejection reasons, step statuses). */
const REASON_KEYS: Readonly<Record<string, ReportKey>> = {
  counterfeit: 'reasonCounterfeit',
  copied: 'reasonCopied',
  'wrong-election': 'reasonWrongElection',
  'wrong-station': 'reasonWrongStation',
  'wrong-style': 'reasonWrongStyle',
  unreadable: 'reasonUnreadable',
};
const STATUS_KEYS = { passed: 'statusPassed', failed: 'statusFailed', skipped: 'statusSkipped' } as const;
const word = (t: T, keys: Readonly<Record<string, ReportKey>>, code: string): string =>
  keys[code] ? t(keys[code]) : code;

function summary(r: ElectionReport, t: T): ReportTable {
  const res = r.results;
  return {
    id: 'summary',
    title: t('secSummary'),
    columns: [t('colItem'), t('colValue')],
    rows: [
      [t('rowElection'), r.electionName],
      [t('rowElectionId'), r.electionId],
      [t('rowVerified'), r.verification.valid ? t('valValid') : t('valInvalid')],
      [t('rowDecrypted'), res ? (res.onlineDecrypted ? t('valYes') : t('valNo')) : null],
      [t('rowExpected'), res?.stationsExpected ?? null],
      [t('rowReported'), res?.stationsReported ?? null],
      [t('rowNotReported'), r.notReported.length > 0 ? r.notReported.join(', ') : t('valNone')],
      [t('rowIncidents'), r.incidents === null ? t('incidentsUnavailable') : r.incidents.length],
    ],
  };
}

function results(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'results',
    title: t('secResults'),
    columns: [t('colContest'), t('colOption'), t('colOnline'), t('colPaper'), t('colTotal')],
    rows: (r.results?.contests ?? []).flatMap((c) =>
      c.options.map((o) => [c.contest, o.option, o.online, o.paper, o.total]),
    ),
  };
}

/** The option labels of a contest, in the order of the final result. */
function optionsOf(r: ElectionReport, contest: string): readonly string[] {
  return r.results?.contests.find((c) => c.contest === contest)?.options.map((o) => o.option) ?? [];
}

function ranked(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'ranked',
    title: t('secRanked'),
    columns: [
      t('colContest'),
      t('colMethod'),
      t('colSeats'),
      t('colValidBallots'),
      t('colQuota'),
      t('colElected'),
    ],
    rows: r.ranked.map((c) => [c.contest, c.method, c.seats, c.validBallots, c.quota, c.elected.join(', ')]),
  };
}

function rankedRounds(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'ranked-rounds',
    title: t('secRankedRounds'),
    columns: [
      t('colContest'),
      t('colRound'),
      t('colCandidate'),
      t('colVotes'),
      t('colExhausted'),
      t('colAction'),
    ],
    rows: r.ranked.flatMap((c) =>
      c.rounds.flatMap((x) =>
        Object.entries(x.tallies).map(([name, votes]) => [
          c.contest,
          x.round,
          name,
          votes,
          x.exhausted,
          x.candidates.includes(name) ? x.action : null,
        ]),
      ),
    ),
  };
}

function districts(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'districts',
    title: t('secDistricts'),
    columns: [
      t('colDistrict'),
      t('colStationsReported'),
      t('colBallots'),
      t('colContest'),
      t('colOption'),
      t('colVotes'),
    ],
    rows: (r.results?.byDistrict ?? []).flatMap((d) =>
      d.contests.flatMap((c) =>
        c.counts.map((n, i) => [
          d.district,
          d.stationsReported,
          d.ballots,
          c.contest,
          optionsOf(r, c.contest)[i] ?? String(i),
          n,
        ]),
      ),
    ),
  };
}

function stations(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'stations',
    title: t('secStations'),
    columns: [
      t('colStation'),
      t('colDistrict'),
      t('colSheet'),
      t('colBallots'),
      t('colContest'),
      t('colOption'),
      t('colVotes'),
    ],
    rows: (r.results?.byStation ?? []).flatMap((s) =>
      s.contests.flatMap((c) => {
        const head = [s.station, s.district, s.sequence, s.ballots, c.contest];
        return [
          ...c.counts.map((n, i) => [...head, optionsOf(r, c.contest)[i] ?? String(i), n]),
          [...head, t('optBlank'), c.blank],
          [...head, t('optOvervoted'), c.overvoted],
        ];
      }),
    ),
  };
}

function turnout(r: ElectionReport, t: T): ReportTable {
  const n = r.turnout;
  return {
    id: 'turnout',
    title: t('secTurnout'),
    columns: [t('colChannel'), t('colCount')],
    rows: [
      [t('rowOnline'), n.onlineCounted],
      [t('rowPaper'), n.paperBallots],
      [t('rowTotal'), n.total],
      [t('rowCheckIns'), n.checkIns],
    ],
  };
}

function ballots(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'ballots',
    title: t('secBallots'),
    columns: [t('colItem'), t('colCount')],
    rows: [
      [t('rowCancelled'), r.cancellations],
      [t('rowSuperseded'), r.turnout.onlineSuperseded],
      [t('rowChallenged'), r.challenged],
    ],
  };
}

function rejected(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'rejected',
    title: t('secRejected'),
    columns: [t('colStation'), t('colReason'), t('colCount')],
    rows: r.rejected.map((x) => [x.station, word(t, REASON_KEYS, x.reason), x.count]),
  };
}

function refused(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'refused-sheets',
    title: t('secRefusedSheets'),
    columns: [t('colStation'), t('colCode'), t('colReason'), t('colCount')],
    rows: (r.refusedSheets ?? []).map((x) => [x.station, x.code, x.reason, x.count]),
    ...(r.refusedSheets === null ? { unavailable: t('incidentsUnavailable') } : {}),
  };
}

function incidents(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'incidents',
    title: t('secIncidents'),
    columns: [t('colTime'), t('colKind'), t('colStation'), t('colCode'), t('colReason'), t('colAddress')],
    rows: (r.incidents ?? []).map((e) => [
      new Date(e.time).toISOString(),
      e.kind,
      e.station,
      e.code,
      e.reason,
      e.address,
    ]),
    ...(r.incidents === null
      ? { unavailable: t('incidentsUnavailable') }
      : { lead: t('incidentCount', { n: r.incidents.length }) }),
  };
}

function reconciliation(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'reconciliation',
    title: t('secReconciliation'),
    columns: [
      t('colStation'),
      t('colPollBook'),
      t('colSheetCheckIns'),
      t('colBallots'),
      t('colDifference'),
      t('colNote'),
    ],
    rows: r.reconciliation.map((x) => [
      x.station,
      x.pollBookCheckIns,
      x.sheetCheckIns,
      x.ballots,
      x.difference,
      x.note,
    ]),
  };
}

function exclusions(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'exclusions',
    title: t('secExclusions'),
    columns: [t('colStation'), t('colReason')],
    rows: r.exclusions.map((x) => [x.station, x.reason]),
  };
}

function verification(r: ElectionReport, t: T): ReportTable {
  return {
    id: 'verification',
    title: t('secVerification'),
    columns: [t('colStep'), t('colTitle'), t('colStatus'), t('colChecked'), t('colFailures'), t('colNote')],
    rows: r.verification.steps.map((s) => [
      s.id,
      s.title,
      word(t, STATUS_KEYS, s.status),
      s.checked,
      s.failures,
      s.note,
    ]),
  };
}

/** The report's sections, in reading order. */
export function reportTables(r: ElectionReport): ReportTable[] {
  const t = translator(REPORT_STRINGS, r.language);
  return [
    summary,
    results,
    ranked,
    rankedRounds,
    districts,
    stations,
    turnout,
    ballots,
    rejected,
    refused,
    incidents,
    reconciliation,
    exclusions,
    verification,
  ].map((f) => f(r, t));
}
