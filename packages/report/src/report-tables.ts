/**
 * The report as titled tables, one per section (spec/reports.md §3): what the CSV, HTML and PDF
 * forms render, so that the three show the same figures under the same headings.
 * @module
 */
import type { ElectionReport } from './election-report.js';

/** A cell: a count, a text, or nothing (null: not applicable or not in the record). */
export type Cell = string | number | null;

/** One section of the report. */
export interface ReportTable {
  /** stable identifier (the CSV's `section` column) */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

function summary(r: ElectionReport): ReportTable {
  const res = r.results;
  return {
    id: 'summary',
    title: 'Summary',
    columns: ['Item', 'Value'],
    rows: [
      ['Election', r.electionName],
      ['Election id', r.electionId],
      ['Record verified', r.verification.valid ? 'valid' : 'NOT VALID'],
      ['Online tally decrypted', res ? (res.onlineDecrypted ? 'yes' : 'no') : null],
      ['Stations expected', res?.stationsExpected ?? null],
      ['Stations reported', res?.stationsReported ?? null],
      ['Stations not reported', r.notReported.length > 0 ? r.notReported.join(', ') : 'none'],
    ],
  };
}

function results(r: ElectionReport): ReportTable {
  return {
    id: 'results',
    title: 'Results in total (online + paper)',
    columns: ['Contest', 'Option', 'Online', 'Paper', 'Total'],
    rows: (r.results?.contests ?? []).flatMap((c) =>
      c.options.map((o) => [c.contest, o.option, o.online, o.paper, o.total]),
    ),
  };
}

/** The option labels of a contest, in the order of the final result. */
function optionsOf(r: ElectionReport, contest: string): readonly string[] {
  return r.results?.contests.find((c) => c.contest === contest)?.options.map((o) => o.option) ?? [];
}

function ranked(r: ElectionReport): ReportTable {
  return {
    id: 'ranked',
    title: 'Ranked contests (counted online, checked by K1–K4)',
    columns: ['Contest', 'Method', 'Seats', 'Valid ballots', 'Quota', 'Elected'],
    rows: r.ranked.map((c) => [c.contest, c.method, c.seats, c.validBallots, c.quota, c.elected.join(', ')]),
  };
}

function rankedRounds(r: ElectionReport): ReportTable {
  return {
    id: 'ranked-rounds',
    title: 'Ranked contests, round by round',
    columns: ['Contest', 'Round', 'Candidate', 'Votes', 'Exhausted', 'Action'],
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

function districts(r: ElectionReport): ReportTable {
  return {
    id: 'districts',
    title: 'Paper results by district',
    columns: ['District', 'Stations reported', 'Ballots', 'Contest', 'Option', 'Votes'],
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

function stations(r: ElectionReport): ReportTable {
  return {
    id: 'stations',
    title: 'Paper results by station (effective tally sheets)',
    columns: ['Station', 'District', 'Sheet', 'Ballots', 'Contest', 'Option', 'Votes'],
    rows: (r.results?.byStation ?? []).flatMap((s) =>
      s.contests.flatMap((c) => {
        const head = [s.station, s.district, s.sequence, s.ballots, c.contest];
        return [
          ...c.counts.map((n, i) => [...head, optionsOf(r, c.contest)[i] ?? String(i), n]),
          [...head, 'blank', c.blank],
          [...head, 'overvoted', c.overvoted],
        ];
      }),
    ),
  };
}

function turnout(r: ElectionReport): ReportTable {
  const t = r.turnout;
  return {
    id: 'turnout',
    title: 'Turnout by channel',
    columns: ['Channel', 'Count'],
    rows: [
      ['Online ballots counted', t.onlineCounted],
      ['Paper ballots counted', t.paperBallots],
      ['Ballots counted in total', t.total],
      ['Check-ins at polling stations', t.checkIns],
    ],
  };
}

function ballots(r: ElectionReport): ReportTable {
  return {
    id: 'ballots',
    title: 'Cancelled, superseded and challenged ballots',
    columns: ['Item', 'Count'],
    rows: [
      ['Online credentials cancelled by a check-in', r.cancellations],
      ['Online ballots superseded by a revote', r.turnout.onlineSuperseded],
      ['Ballots challenged (opened, not counted)', r.challenged],
    ],
  };
}

function rejected(r: ElectionReport): ReportTable {
  return {
    id: 'rejected',
    title: 'Rejected paper ballots by reason',
    columns: ['Station', 'Reason', 'Count'],
    rows: [
      ...r.rejected.map((x) => [x.station, x.reason, x.count]),
      [
        '(all stations)',
        'refused tally sheets',
        r.refusedSheets === null ? 'not in the record' : r.refusedSheets,
      ],
    ],
  };
}

function reconciliation(r: ElectionReport): ReportTable {
  return {
    id: 'reconciliation',
    title: 'Station reconciliation',
    columns: ['Station', 'Poll-book check-ins', 'Sheet check-ins', 'Ballots', 'Difference', 'Note'],
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

function exclusions(r: ElectionReport): ReportTable {
  return {
    id: 'exclusions',
    title: 'Stations excluded',
    columns: ['Station', 'Reason'],
    rows: r.exclusions.map((x) => [x.station, x.reason]),
  };
}

function verification(r: ElectionReport): ReportTable {
  return {
    id: 'verification',
    title: 'Verification (the verifier’s numbered steps)',
    columns: ['Step', 'Title', 'Status', 'Checked', 'Failures', 'Note'],
    rows: r.verification.steps.map((s) => [s.id, s.title, s.status, s.checked, s.failures, s.note]),
  };
}

/** The report's sections, in reading order. */
export function reportTables(r: ElectionReport): ReportTable[] {
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
    reconciliation,
    exclusions,
    verification,
  ].map((f) => f(r));
}
