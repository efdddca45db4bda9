/**
 * The polling station's tally sheet (spec/stations.md §6): one canonical JSON object, signed by
 * the station key (statement `tally-sheet`, spec/stations.md §2) and optionally co-signed by
 * witnesses. The one definition of the sheet for the station that makes it, the server that
 * takes it in, the verifier and the observer's `sheet read`.
 * @module
 */
import {
  type Manifest,
  paperDigest,
  signPaperStatement,
  toHex,
  verifyPaperStatement,
} from '@evident/e2e-crypto';

export const SHEET_FORMAT = 'evident/tally-sheet/v1';

/** Why a scanned paper ballot was not counted (spec/stations.md §5.3). */
export const REJECT_REASONS = [
  'counterfeit',
  'copied',
  'wrong-election',
  'wrong-station',
  'wrong-style',
  'unreadable',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** One contest's totals, for a plurality or approval contest of the station's ballot style. */
export interface SheetContest {
  readonly contest: string;
  /** Votes per option, in the manifest's option order. */
  readonly counts: readonly number[];
  /** Ballots with no mark in this contest. */
  readonly blank: number;
  /** Ballots with more marks than the vote limit in this contest (no option counted). */
  readonly overvoted: number;
}

/** How the station knew the time (spec/stations.md §5). */
export interface SheetClock {
  /** server time − station time, in ms, as last measured; null if never measured */
  readonly offsetMs: number | null;
  /** when it was measured (ISO 8601 UTC); null if never */
  readonly measuredAt: string | null;
  /** counting started without a measured offset within tolerance: who decided, and why */
  readonly override: { readonly by: readonly string[]; readonly reason: string } | null;
}

/** The sheet itself: what is signed. */
export interface TallySheet {
  readonly format: typeof SHEET_FORMAT;
  readonly electionId: string;
  /** The manifest's polling-station label. */
  readonly station: string;
  /** 1 for the first sheet; a higher one supersedes the sheet it names in `previousSheet`. */
  readonly sequence: number;
  /** sheet hash (upper-case hex) of the sheet this one corrects; null iff sequence = 1 */
  readonly previousSheet: string | null;
  /** why it corrects the previous sheet; null iff sequence = 1 */
  readonly correctionReason: string | null;
  /** ISO 8601 UTC instants with milliseconds, by the station's clock corrected by its offset */
  readonly countingStart: string;
  readonly countingEnd: string;
  readonly clock: SheetClock;
  /** Voters checked in at this station's poll book. */
  readonly checkIns: number;
  /** Ballots counted: printed by the marking device, and hand-marked. */
  readonly ballots: { readonly bmd: number; readonly handMarked: number };
  /** Scans refused, by reason (every reason present, 0 when none). */
  readonly rejected: Readonly<Record<RejectReason, number>>;
  /** Why ballots counted ≠ check-ins; null when they are equal. */
  readonly reconciliation: string | null;
  /** The station style's contests, in manifest order ({@link sheetContestLabels}). */
  readonly contests: readonly SheetContest[];
  /** The commitment to the station's CVRs (`cvrCommitment`, spec/stations.md §7), upper-case hex. */
  readonly cvrCommitment: string;
  /** The poll workers who counted (their names as signed in). */
  readonly countedBy: readonly string[];
}

/** A witness's co-signature: same statement, its own key. */
export interface WitnessSignature {
  readonly name: string;
  readonly publicKey: string;
  readonly signature: string;
}

/** The sheet with its signatures: what is submitted, printed as QR codes and published. */
export interface SignedTallySheet {
  readonly sheet: TallySheet;
  /** The station key's signature (statement `tally-sheet`), upper-case hex. */
  readonly signature: string;
  readonly witnesses: readonly WitnessSignature[];
}

/** Ballots counted on a sheet: printed by the marking device and hand-marked. */
export function sheetBallots(sheet: TallySheet): number {
  return sheet.ballots.bmd + sheet.ballots.handMarked;
}

/** The sheet hash: SHA-256 of its canonical JSON, upper-case hex (its identity everywhere). */
export function sheetHash(sheet: TallySheet): string {
  return toHex(paperDigest(sheet));
}

/** Signs a sheet with the station's key. */
export function signTallySheet(sheet: TallySheet, stationSecretKey: Uint8Array): SignedTallySheet {
  return {
    sheet,
    signature: signPaperStatement(stationSecretKey, 'tally-sheet', sheet.electionId, sheet),
    witnesses: [],
  };
}

/** Adds a witness's co-signature. */
export function cosignTallySheet(
  signed: SignedTallySheet,
  name: string,
  witnessSecretKey: Uint8Array,
  witnessPublicKeyHex: string,
): SignedTallySheet {
  const signature = signPaperStatement(
    witnessSecretKey,
    'tally-sheet',
    signed.sheet.electionId,
    signed.sheet,
  );
  return { ...signed, witnesses: [...signed.witnesses, { name, publicKey: witnessPublicKeyHex, signature }] };
}

/** Checks the station signature against the registered station key. */
export function verifyTallySheetSignature(signed: SignedTallySheet, stationPublicKeyHex: string): boolean {
  return verifyPaperStatement(
    stationPublicKeyHex,
    'tally-sheet',
    signed.sheet.electionId,
    signed.sheet,
    signed.signature,
  );
}

/**
 * A problem with a sheet: the field (its path inside the sheet, e.g. `contests[0].counts`; empty
 * for the sheet as a whole) and what is wrong ({@link checkTallySheet} in ./tally-sheet-check.ts).
 */
export interface SheetProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The manifest contests a station's sheet must list: its style's, in manifest order. Ranked
 * contests (`rankedContests`) are online only for now (spec/stations.md §1).
 */
export function sheetContestLabels(manifest: Manifest, station: string): string[] | undefined {
  const st = manifest.pollingStations.find((s) => s.label === station);
  if (!st) return undefined;
  const style = manifest.ballotStyles.find((s) => s.label === st.ballotStyle);
  if (!style) return undefined;
  const inStyle = new Set(style.contests);
  return manifest.contests.filter((c) => inStyle.has(c.label)).map((c) => c.label);
}
