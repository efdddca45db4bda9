/**
 * P9 (spec/verification.md) — the final result, recomputed: per contest and option, the
 * decrypted online tally (the `tally-decryption` entry, = `tally.json` by L3.F, its proofs
 * checked by steps 9–10; cancelled credentials already left out, P7) plus the sum of every
 * station's effective sheet (P5); and the paper side by station and by district. The server
 * exports no results file to compare with: the verifier prints the result and puts it in the
 * JSON report (`finalResult`), for anyone to compare with what was announced.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import type { Json } from '../log/log-summary.js';
import type { BoardEntry } from './paper-board.js';
import { isCount, isObject } from './paper-fields.js';
import { ballotsOf } from './sheet-form.js';
import { hashOfSheet } from './sheet-chains.js';
import { signedSheetOf } from './sheet-signatures.js';

/** One option's votes: online (null before the tally is decrypted), on paper, and their sum. */
export interface OptionResult {
  readonly option: string;
  readonly online: number | null;
  readonly paper: number;
  readonly total: number;
}

/** A station's effective sheet, as counted. */
export interface StationResult {
  readonly station: string;
  readonly district: string;
  readonly sequence: number;
  readonly sheetHash: string;
  readonly ballots: number;
  /** false when its CVRs are not on the board (its totals were not recomputed, P6) */
  readonly recomputed: boolean;
  readonly contests: readonly {
    contest: string;
    counts: readonly number[];
    blank: number;
    overvoted: number;
  }[];
}

/** The paper totals of a district. */
export interface DistrictResult {
  readonly district: string;
  readonly stationsReported: number;
  readonly ballots: number;
  readonly contests: readonly { contest: string; counts: readonly number[] }[];
}

/** The final result the verifier computes (P9). */
export interface FinalResult {
  /** whether the online tally is decrypted on the board */
  readonly onlineDecrypted: boolean;
  /** `stationsExpected` of @evident/record (keyed, less excluded without a sheet); stations with an effective sheet */
  readonly stationsExpected: number;
  readonly stationsReported: number;
  readonly contests: readonly { contest: string; options: readonly OptionResult[] }[];
  readonly byStation: readonly StationResult[];
  readonly byDistrict: readonly DistrictResult[];
}

/** The decrypted online votes: contest → option → value. */
function onlineVotes(tally: Json | undefined): Map<string, Map<string, number>> | undefined {
  if (!tally || !Array.isArray(tally.contests)) return undefined;
  const out = new Map<string, Map<string, number>>();
  for (const c of tally.contests as unknown[]) {
    if (!isObject(c) || typeof c.label !== 'string' || !Array.isArray(c.selections)) continue;
    const m = new Map<string, number>();
    for (const s of c.selections as unknown[])
      if (isObject(s) && typeof s.label === 'string' && isCount(s.value)) m.set(s.label, s.value);
    out.set(c.label, m);
  }
  return out;
}

/** A station's effective sheet, when its contests have the form P3 checks (else it adds nothing). */
function stationResult(
  manifest: Manifest,
  x: BoardEntry,
  recomputed: ReadonlySet<string>,
): StationResult | undefined {
  const sheet = signedSheetOf(x)?.sheet as unknown as Json | undefined;
  const st = manifest.pollingStations.find((s) => s.label === sheet?.station);
  if (!sheet || !st || !Array.isArray(sheet.contests)) return undefined;
  const contests = (sheet.contests as unknown[]).filter(
    (c): c is StationResult['contests'][number] =>
      isObject(c) &&
      typeof c.contest === 'string' &&
      Array.isArray(c.counts) &&
      c.counts.every(isCount) &&
      isCount(c.blank) &&
      isCount(c.overvoted),
  );
  const hash = hashOfSheet(x) ?? '';
  return {
    station: st.label,
    district: st.district,
    sequence: Number(sheet.sequence),
    sheetHash: hash,
    ballots: ballotsOf(sheet) ?? 0,
    recomputed: recomputed.has(hash),
    contests: contests.map((c) => ({
      contest: c.contest,
      counts: c.counts,
      blank: c.blank,
      overvoted: c.overvoted,
    })),
  };
}

/** P9's computation. */
export function finalResult(
  manifest: Manifest,
  tally: Json | undefined,
  effective: ReadonlyMap<string, BoardEntry>,
  recomputed: ReadonlySet<string>,
  stationsExpected: number,
): FinalResult {
  const online = onlineVotes(tally);
  const byStation = [...effective.values()]
    .map((x) => stationResult(manifest, x, recomputed))
    .filter((s): s is StationResult => s !== undefined)
    .sort(
      (a, b) =>
        manifest.pollingStations.findIndex((s) => s.label === a.station) -
        manifest.pollingStations.findIndex((s) => s.label === b.station),
    );
  const paper = (contest: string, stations: readonly StationResult[]): number[] | undefined => {
    const m = manifest.contests.find((c) => c.label === contest);
    if (!m) return undefined;
    const sum = new Array<number>(m.options.length).fill(0);
    for (const s of stations)
      for (const c of s.contests)
        if (c.contest === contest && c.counts.length === sum.length)
          c.counts.forEach((n, i) => (sum[i]! += n));
    return sum;
  };
  const contests = manifest.contests.map((m) => {
    const p = paper(m.label, byStation)!;
    return {
      contest: m.label,
      options: m.options.map((o, i) => {
        const on = online ? (online.get(m.label)?.get(o.label) ?? 0) : null;
        return { option: o.label, online: on, paper: p[i]!, total: (on ?? 0) + p[i]! };
      }),
    };
  });
  const byDistrict = manifest.districts
    .map((d) => {
      const here = byStation.filter((s) => s.district === d.label);
      const labels = [...new Set(here.flatMap((s) => s.contests.map((c) => c.contest)))];
      return {
        district: d.label,
        stationsReported: here.length,
        ballots: here.reduce((a, s) => a + s.ballots, 0),
        contests: manifest.contests
          .filter((c) => labels.includes(c.label))
          .map((c) => ({ contest: c.label, counts: paper(c.label, here)! })),
      };
    })
    .filter((d) => d.stationsReported > 0);
  return {
    onlineDecrypted: online !== undefined,
    stationsExpected,
    stationsReported: byStation.length,
    contests,
    byStation,
    byDistrict,
  };
}
