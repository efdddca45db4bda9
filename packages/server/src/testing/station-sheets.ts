/**
 * Paper-channel fixtures for the server's tests and the sheet benchmark: a manifest with
 * stations in two districts, a station key registered on the board through the writer (as the
 * administrator's key registration writes it), and signed tally sheets with their CVRs built
 * from a list of counted ballots.
 * @module
 */
import { generatePaperKey, toHex, type Manifest } from '@evident/e2e-crypto';
import {
  REJECT_REASONS,
  SHEET_FORMAT,
  canonicalCvrs,
  contestsFromCvrs,
  cvrCommitment,
  sheetContestLabels,
  signTallySheet,
  type SignedTallySheet,
  type StationCvrs,
  type TallySheet,
} from '@evident/record';
import type { ServerContext } from '../context.js';

const names = (label: string) => ({ en: label });
const option = (label: string) => ({ label, name: names(label) });

/**
 * Districts d1, d2; contests c1 (plurality, options a b c) and c2 (approval: vote limit 2,
 * options x y z); styles s1 [c1, c2] and s2 [c1]; stations p1, p2 (d1, s1) and p3 (d2, s2), and
 * `extra` more stations p4… (d2, s2).
 */
export function paperManifest(extra = 0): Manifest {
  return {
    electionLabel: 'paper-election',
    name: names('Paper election'),
    languages: ['en'],
    startDate: '2026-05-10T07:00:00+02:00',
    endDate: '2026-05-10T17:00:00+02:00',
    districts: [
      { label: 'd1', name: names('District 1') },
      { label: 'd2', name: names('District 2') },
    ],
    pollingStations: [
      { label: 'p1', name: names('Station 1'), district: 'd1', ballotStyle: 's1' },
      { label: 'p2', name: names('Station 2'), district: 'd1', ballotStyle: 's1' },
      ...Array.from({ length: 1 + extra }, (_, i) => ({
        label: `p${3 + i}`,
        name: names(`Station ${3 + i}`),
        district: 'd2',
        ballotStyle: 's2',
      })),
    ],
    contests: [
      {
        label: 'c1',
        name: names('Contest 1'),
        district: 'd1',
        voteLimit: 1,
        optionLimit: 1,
        contestDataBlocks: 1,
        options: ['a', 'b', 'c'].map(option),
      },
      {
        label: 'c2',
        name: names('Contest 2'),
        district: 'd1',
        voteLimit: 2,
        optionLimit: 1,
        contestDataBlocks: 1,
        options: ['x', 'y', 'z'].map(option),
      },
    ],
    ballotStyles: [
      { label: 's1', contests: ['c1', 'c2'] },
      { label: 's2', contests: ['c1'] },
    ],
  };
}

/** Appends a `station-key` entry for `station`, as the key registration route writes it. */
export async function registerStationKey(ctx: ServerContext, electionId: string, station: string) {
  const key = generatePaperKey();
  const publicKey = toHex(key.publicKey);
  await ctx.writer.submit((tx) =>
    tx.append(electionId, 'station-key', { station, publicKey, time: ctx.now() }),
  );
  return { secretKey: key.secretKey, publicKey };
}

/** A counted ballot: contest label → the option labels marked ([] blank). */
export type CountedBallot = Readonly<Record<string, readonly string[]>>;

/** 17:00 in Paris on 2026-05-10 (CEST, UTC+2): the default counting start of {@link paperManifest}. */
export const PAPER_COUNTING_START = Date.parse('2026-05-10T15:00:00.000Z');

/** `n` ballots alike: option `c1` in contest c1, the options `c2` in contest c2. */
export const sameBallots = (n: number, c1: string, c2: string[] = []): CountedBallot[] =>
  Array.from({ length: n }, () => ({ c1: [c1], c2 }));

/** What a test may set on a sheet. */
export type SheetOverrides = Partial<Omit<TallySheet, 'contests' | 'cvrCommitment'>>;

/**
 * A sheet counted from `ballots` (every ballot hand-marked unless `ballots` is overridden),
 * with its CVRs; `sign` signs it with the station key.
 */
export function countedSheet(
  manifest: Manifest,
  electionId: string,
  station: string,
  ballots: readonly CountedBallot[],
  o: SheetOverrides = {},
): { sheet: TallySheet; cvrs: StationCvrs } {
  const labels = sheetContestLabels(manifest, station)!;
  const cvrs = canonicalCvrs(manifest, {
    contests: labels.map((contest) => ({ contest, choices: ballots.map((b) => [...(b[contest] ?? [])]) })),
  });
  const sheet: TallySheet = {
    format: SHEET_FORMAT,
    electionId,
    station,
    sequence: 1,
    previousSheet: null,
    correctionReason: null,
    countingStart: new Date(PAPER_COUNTING_START).toISOString(),
    countingEnd: '2026-05-10T16:00:00.000Z',
    clock: { offsetMs: 12, measuredAt: '2026-05-10T14:00:00.000Z', override: null },
    checkIns: ballots.length,
    ballots: { bmd: 0, handMarked: ballots.length },
    rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as TallySheet['rejected'],
    reconciliation: null,
    contests: contestsFromCvrs(manifest, cvrs),
    cvrCommitment: cvrCommitment(cvrs),
    countedBy: ['alice', 'bob'],
    ...o,
  };
  return { sheet, cvrs };
}

/** Signs a sheet with a station's secret key. */
export const signSheet = (sheet: TallySheet, secretKey: Uint8Array): SignedTallySheet =>
  signTallySheet(sheet, secretKey);
