/**
 * The paper side of the results (spec/stations.md §11): each station's effective sheet (the last
 * of its chain), summed by district and in total, with the stations expected (`stationsExpected`
 * of @evident/record, as the verifier's P9) and reported; and the combined result — the decrypted online
 * tally plus the paper totals once the trustees have decrypted, the paper totals alone (marked
 * so) before.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { sheetBallots, stationsExpected, type SheetContest } from '@evident/record';
import type { ServerContext } from '../context.js';
import {
  addSelections,
  contestResultOf,
  contestResultProperties,
  contestResultsSchema,
  type ContestResult,
} from '../tally/contest-results.js';
import { effectiveSheet, paperIndex, type PaperIndex } from './paper-index.js';

/** One contest's paper totals: a contest result plus blanks and overvotes. */
export interface ContestTotals extends ContestResult {
  readonly blank: number;
  readonly overvoted: number;
}

/** Totals over some stations' effective sheets. */
export interface PaperTotals {
  readonly stationsExpected: number;
  readonly stationsReported: number;
  readonly checkIns: number;
  readonly ballots: number;
  readonly contests: ContestTotals[];
}

/** One station's effective sheet. */
export interface StationResult {
  readonly station: string;
  readonly district: string;
  readonly sequence: number;
  readonly sheetHash: string;
  readonly checkIns: number;
  readonly ballots: number;
  readonly contests: ContestTotals[];
}

/** `paper` of `GET …/results`. */
export interface PaperResults {
  readonly stationsExpected: number;
  readonly stationsReported: number;
  readonly byStation: StationResult[];
  readonly byDistrict: (PaperTotals & { readonly district: string })[];
  readonly total: PaperTotals;
}

/** `combined` of `GET …/results`. */
export interface CombinedResults {
  /** false until the online tally is decrypted: the contests are then the paper totals alone */
  readonly includesOnline: boolean;
  readonly contests: ContestResult[];
}

function totalsOf(manifest: Manifest, c: SheetContest): ContestTotals {
  const options = manifest.contests.find((m) => m.label === c.contest)!.options;
  return {
    label: c.contest,
    selections: options.map((o, i) => ({ label: o.label, value: c.counts[i] ?? 0 })),
    blank: c.blank,
    overvoted: c.overvoted,
  };
}

/** Sums stations' results, contests in manifest order. */
function sum(manifest: Manifest, rows: readonly StationResult[], expected: number): PaperTotals {
  const by = new Map<string, ContestTotals>();
  for (const r of rows)
    for (const c of r.contests) {
      const t = by.get(c.label);
      by.set(c.label, {
        label: c.label,
        selections: addSelections(c.selections, t?.selections),
        blank: (t?.blank ?? 0) + c.blank,
        overvoted: (t?.overvoted ?? 0) + c.overvoted,
      });
    }
  return {
    stationsExpected: expected,
    stationsReported: rows.length,
    checkIns: rows.reduce((a, r) => a + r.checkIns, 0),
    ballots: rows.reduce((a, r) => a + r.ballots, 0),
    contests: manifest.contests.filter((c) => by.has(c.label)).map((c) => by.get(c.label)!),
  };
}

/** The paper results from an index. */
export function paperResultsOf(manifest: Manifest, ix: PaperIndex): PaperResults {
  const byStation: StationResult[] = [];
  for (const st of manifest.pollingStations) {
    const eff = effectiveSheet(ix, st.label);
    if (!eff) continue;
    const s = eff.signed.sheet;
    byStation.push({
      station: st.label,
      district: st.district,
      sequence: s.sequence,
      sheetHash: eff.sheetHash,
      checkIns: s.checkIns,
      ballots: sheetBallots(s),
      contests: s.contests.map((c) => totalsOf(manifest, c)),
    });
  }
  // the verifier's definition (P9): keyed stations, less the excluded ones that did not report
  const expectedSet = new Set(
    stationsExpected(ix.stationKeys.keys(), ix.excluded, new Set(byStation.map((r) => r.station))),
  );
  const expected = manifest.pollingStations.filter((s) => expectedSet.has(s.label));
  return {
    stationsExpected: expected.length,
    stationsReported: byStation.length,
    byStation,
    byDistrict: manifest.districts.map((d) => ({
      district: d.label,
      ...sum(
        manifest,
        byStation.filter((r) => r.district === d.label),
        expected.filter((s) => s.district === d.label).length,
      ),
    })),
    total: sum(manifest, byStation, expected.length),
  };
}

/** The paper results of an election's board. */
export async function paperResults(
  ctx: ServerContext,
  id: string,
  manifest: Manifest,
): Promise<PaperResults> {
  return paperResultsOf(manifest, await paperIndex(ctx, id));
}

/**
 * Online + paper: per contest of the online tally, each option's online value plus its paper
 * total; before the online tally is decrypted, the paper totals alone.
 */
export function combinedResults(
  paper: PaperResults,
  online: readonly ContestResult[] | undefined,
): CombinedResults {
  if (!online) return { includesOnline: false, contests: paper.total.contests.map(contestResultOf) };
  const paperOf = new Map(paper.total.contests.map((c) => [c.label, c] as const));
  return {
    includesOnline: true,
    contests: online.map((c) => ({
      label: c.label,
      selections: addSelections(c.selections, paperOf.get(c.label)?.selections),
    })),
  };
}

/**
 * Whether the paper side changed at or after log index `from` (a sheet, CVRs, a station key or
 * exclusion, the counting start): a cached snapshot older than that is never served.
 */
export async function paperChangedSince(ctx: ServerContext, id: string, from: number): Promise<boolean> {
  return (await paperIndex(ctx, id)).lastChange >= from;
}

/** JSON Schemas of `paper` and `combined` in the results answer. */
const totals = {
  type: 'array',
  items: {
    type: 'object',
    properties: { ...contestResultProperties, blank: { type: 'integer' }, overvoted: { type: 'integer' } },
  },
} as const;
const totalsObject = {
  type: 'object',
  properties: {
    district: { type: 'string' },
    stationsExpected: { type: 'integer' },
    stationsReported: { type: 'integer' },
    checkIns: { type: 'integer' },
    ballots: { type: 'integer' },
    contests: totals,
  },
} as const;
export const paperResultsSchema = {
  type: 'object',
  description: "polling stations' effective sheets (spec/stations.md §11)",
  properties: {
    stationsExpected: { type: 'integer' },
    stationsReported: { type: 'integer' },
    byStation: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          station: { type: 'string' },
          district: { type: 'string' },
          sequence: { type: 'integer' },
          sheetHash: { type: 'string' },
          checkIns: { type: 'integer' },
          ballots: { type: 'integer' },
          contests: totals,
        },
      },
    },
    byDistrict: { type: 'array', items: totalsObject },
    total: totalsObject,
  },
} as const;
export const combinedResultsSchema = {
  type: 'object',
  description: 'online tally (once decrypted) + paper totals',
  properties: { includesOnline: { type: 'boolean' }, contests: contestResultsSchema },
} as const;
