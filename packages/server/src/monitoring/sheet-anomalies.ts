/**
 * Anomaly rules on an accepted station tally sheet (spec/server-api.md §6.4), run once for each
 * sheet written (a 201: a sheet is written once, so each rule raises at most one alert per sheet):
 * - `anomaly-turnout-above-roll`: more ballots, or more check-ins, on the sheet than voters on
 *   the station's roll slice (when the election has a roll);
 * - `anomaly-turnout-outlier`: the station's turnout (ballots ÷ roll slice) differs from the
 *   median turnout of the other reported stations of its district by more than
 *   {@link OUTLIER_POINTS} (a share), when its slice and theirs hold at least
 *   {@link OUTLIER_MIN_ROLL} voters and at least {@link OUTLIER_MIN_PEERS} of them reported;
 * - `anomaly-sheet-corrections`: the sheet is a station's second correction or later
 *   (sequence ≥ 3): a count corrected once happens, a count corrected again deserves a look.
 * The events hold counts and sequences, never a voter.
 * @module
 */
import { sheetBallots, type TallySheet } from '@evident/record';
import type { Manifest } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { recordSecurityEvent, type SecurityEvent } from '../security/security-events.js';
import { effectiveSheet, paperIndex } from '../sheets/paper-index.js';

/** The turnout gap from the district's median (a share: 0.25 = 25 percentage points). */
export const OUTLIER_POINTS = 0.25;
/** The least roll slice of a station that the outlier rule compares (smaller ones vary too much). */
export const OUTLIER_MIN_ROLL = 50;
/** The least number of other reported stations of the district the median is taken over. */
export const OUTLIER_MIN_PEERS = 3;
/** The sheet sequence from which a correction is an alert (2 = the first correction, which is not). */
export const CORRECTIONS_SEQUENCE = 3;

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * Runs the rules on the sheet `sheetHash` just written for `station`; records an event for each
 * rule it breaks. Never throws: a failure is logged, the sheet's answer is sent anyway.
 */
export async function checkAcceptedSheet(
  ctx: ServerContext,
  electionId: string,
  station: string,
  sheetHash: string,
  address: string,
  log: { error(o: object, msg: string): void },
): Promise<void> {
  try {
    const ix = await paperIndex(ctx, electionId);
    const sheet = ix.byHash.get(sheetHash)?.signed.sheet;
    if (!sheet) return;
    const events: Omit<SecurityEvent, 'address' | 'electionId' | 'station' | 'code'>[] = [];
    const roll = await ctx.store.rollSliceSizes(electionId);
    const ballots = sheetBallots(sheet);
    if (roll.size > 0) {
      const slice = roll.get(station) ?? 0;
      if (ballots > slice || sheet.checkIns > slice)
        events.push({
          kind: 'anomaly-turnout-above-roll',
          reason: `sheet ${sheet.sequence} counts ${ballots} ballots and ${sheet.checkIns} check-ins for a roll slice of ${slice} voters`,
        });
      const outlier = await turnoutOutlier(ctx, electionId, station, sheet, ix, roll);
      if (outlier) events.push({ kind: 'anomaly-turnout-outlier', reason: outlier });
    }
    if (sheet.sequence >= CORRECTIONS_SEQUENCE)
      events.push({
        kind: 'anomaly-sheet-corrections',
        reason: `sheet ${sheet.sequence} is correction ${sheet.sequence - 1} of this station's count (reason given: ${sheet.correctionReason ?? 'none'})`,
      });
    for (const ev of events)
      await recordSecurityEvent(ctx, {
        ...ev,
        electionId,
        station,
        code: 'OK',
        field: 'signed.sheet',
        address,
      });
  } catch (e) {
    log.error({ err: e }, 'sheet anomaly rules not run');
  }
}

/** The outlier rule's reason when `sheet` breaks it, else undefined. */
async function turnoutOutlier(
  ctx: ServerContext,
  electionId: string,
  station: string,
  sheet: TallySheet,
  ix: Awaited<ReturnType<typeof paperIndex>>,
  roll: ReadonlyMap<string, number>,
): Promise<string | undefined> {
  const slice = roll.get(station) ?? 0;
  if (slice < OUTLIER_MIN_ROLL) return undefined;
  const e = await ctx.store.getElection(electionId);
  if (!e) return undefined;
  const stations = (JSON.parse(e.manifest) as Manifest).pollingStations;
  const district = stations.find((s) => s.label === station)?.district;
  const peers: number[] = [];
  for (const s of stations) {
    if (s.label === station || s.district !== district) continue;
    const peer = effectiveSheet(ix, s.label)?.signed.sheet;
    const n = roll.get(s.label) ?? 0;
    if (peer && n >= OUTLIER_MIN_ROLL) peers.push(sheetBallots(peer) / n);
  }
  if (peers.length < OUTLIER_MIN_PEERS) return undefined;
  const turnout = sheetBallots(sheet) / slice;
  const m = median(peers);
  if (Math.abs(turnout - m) <= OUTLIER_POINTS) return undefined;
  return `turnout ${pct(turnout)} (${sheetBallots(sheet)} ballots of ${slice}) against a median of ${pct(m)} over ${peers.length} other stations of district ${district}`;
}
