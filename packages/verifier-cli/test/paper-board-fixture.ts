/**
 * An honest paper-channel board for the P-step tests, with real Ed25519 signatures: three
 * stations in two districts (S1, S2 style A in D1; S3 style B in D2), a printing key, station
 * keys before `open`, online ballots of which one credential is cancelled by a check-in, a sheet
 * of S1 corrected by a second one (both with their CVRs), a sheet of S2 delivered without CVRs
 * (as photographed QR codes would be), S3 excluded, both poll books closed before the encrypted
 * tally, and the decrypted online tally. `runPaper` feeds the entries to the observer of the L1
 * pass and runs P1–P9 on them, as `checkBoard` does on `board/log.jsonl`.
 * @module
 */
import { type Manifest, generatePaperKey, signPaperStatement, toHex } from '@evident/e2e-crypto';
import {
  type PollBookClosing,
  REJECT_REASONS,
  SHEET_FORMAT,
  type StationCvrs,
  type TallySheet,
  canonicalCvrs,
  contestsFromCvrs,
  countedBallots,
  cvrCommitment,
  sheetHash,
  signTallySheet,
} from '@evident/record';
import type { Json } from '../src/log/log-summary.js';
import { emptyPaperBoard, paperBoardObserver } from '../src/paper/paper-board.js';
import { type PaperOutcome, checkPaper } from '../src/paper/paper-check.js';

export const ELECTION = 'paper-election';
export const COUNT_AT = Date.parse('2026-06-07T15:00:00.000Z');
const iso = (t: number): string => new Date(t).toISOString();
const option = (label: string) => ({ label, name: { en: label } });

export const MANIFEST = {
  electionLabel: 'paper',
  name: { en: 'Paper' },
  languages: ['en'],
  startDate: '2026-06-07T06:00:00+02:00',
  endDate: '2026-06-07T19:00:00+02:00',
  districts: [
    { label: 'D1', name: { en: 'D1' } },
    { label: 'D2', name: { en: 'D2' } },
  ],
  pollingStations: [
    { label: 'S1', name: { en: 'S1' }, district: 'D1', ballotStyle: 'A' },
    { label: 'S2', name: { en: 'S2' }, district: 'D1', ballotStyle: 'A' },
    { label: 'S3', name: { en: 'S3' }, district: 'D2', ballotStyle: 'B' },
  ],
  contests: [
    {
      label: 'mayor',
      name: { en: 'Mayor' },
      district: 'D1',
      voteLimit: 1,
      optionLimit: 1,
      contestDataBlocks: 1,
      options: ['ann', 'bob', 'cid'].map(option),
    },
    {
      label: 'council',
      name: { en: 'Council' },
      district: 'D2',
      voteLimit: 2,
      optionLimit: 1,
      contestDataBlocks: 1,
      options: ['x', 'y', 'z'].map(option),
    },
  ],
  ballotStyles: [
    { label: 'A', contests: ['mayor'] },
    { label: 'B', contests: ['mayor', 'council'] },
  ],
} as unknown as Manifest;

export const cred = (i: number): string => `${i}`.padStart(64, 'C');

/** The keys of the fixture (secrets stay in the test). */
export const KEYS = {
  printing: generatePaperKey(),
  S1: generatePaperKey(),
  S2: generatePaperKey(),
  S3: generatePaperKey(),
  witness: generatePaperKey(),
};

/** Records of a station: per contest the ballots' choices. */
export const cvrsOf = (contests: Record<string, string[][]>): StationCvrs =>
  canonicalCvrs(MANIFEST, {
    contests: Object.entries(contests).map(([contest, choices]) => ({ contest, choices })),
  });

/** A sheet counting `cvrs` (its totals recomputed from them), the rest honest defaults. */
export function sheetOf(station: string, cvrs: StationCvrs, over: Partial<TallySheet> = {}): TallySheet {
  const ballots = cvrs.contests[0]!.choices.length;
  return {
    format: SHEET_FORMAT,
    electionId: ELECTION,
    station,
    sequence: 1,
    previousSheet: null,
    correctionReason: null,
    countingStart: iso(COUNT_AT + 1_000),
    countingEnd: iso(COUNT_AT + 3_600_000),
    clock: { offsetMs: -250, measuredAt: iso(COUNT_AT - 60_000), override: null },
    checkIns: ballots,
    ballots: { bmd: 1, handMarked: ballots - 1 },
    rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as TallySheet['rejected'],
    reconciliation: null,
    contests: contestsFromCvrs(MANIFEST, cvrs),
    cvrCommitment: cvrCommitment(cvrs),
    countedBy: ['Alice', 'Bob'],
    ...over,
  };
}

const S1_FIRST = cvrsOf({ mayor: [['ann'], ['ann'], ['bob'], []] });
const S1_FIXED = cvrsOf({ mayor: [['ann'], ['bob'], ['bob'], ['ann', 'bob']] });
const S2_CVRS = cvrsOf({ mayor: [['cid'], ['cid'], ['ann']] });

/** The honest board, entries in log order (index = position). */
export function honestPaperBoard(): Json[] {
  const first = sheetOf('S1', S1_FIRST);
  const fixed = sheetOf('S1', S1_FIXED, {
    sequence: 2,
    previousSheet: sheetHash(first),
    correctionReason: 'a ballot was read twice',
    countingEnd: iso(COUNT_AT + 4_000_000),
  });
  const s2 = sheetOf('S2', S2_CVRS, { checkIns: 4, reconciliation: 'one voter left without voting' });
  const signedFirst = signTallySheet(first, KEYS.S1.secretKey);
  const w = toHex(KEYS.witness.publicKey);
  const signedFixed = {
    ...signTallySheet(fixed, KEYS.S1.secretKey),
    witnesses: [
      {
        name: 'Wendy',
        publicKey: w,
        signature: signPaperStatement(KEYS.witness.secretKey, 'tally-sheet', ELECTION, fixed),
      },
    ],
  };
  const closing = (station: 'S1' | 'S2', checkIns: number): Json => {
    const c: PollBookClosing = { electionId: ELECTION, station, checkIns, closedAt: iso(COUNT_AT - 5_000) };
    return {
      type: 'poll-book-close',
      closing: c,
      signature: signPaperStatement(KEYS[station].secretKey, 'poll-book-close', ELECTION, c),
      duplicateCheckIns: 0,
      time: COUNT_AT + 5_000_000,
    };
  };
  const sheetEntry = (signed: unknown, sheet: TallySheet, time: number, via = 'network'): Json => ({
    type: 'station-sheet',
    sheetHash: sheetHash(sheet),
    signed,
    via,
    time,
  });
  const cvrEntry = (sheet: TallySheet, cvrs: StationCvrs, time: number): Json => ({
    type: 'station-cvrs',
    station: sheet.station,
    sequence: sheet.sequence,
    sheetHash: sheetHash(sheet),
    cvrs,
    time,
  });
  const key = (station: 'S1' | 'S2' | 'S3'): Json => ({
    type: 'station-key',
    station,
    publicKey: toHex(KEYS[station].publicKey),
    time: 3,
  });
  const ballot = (i: number, t: number): Json => ({
    type: 'ballot',
    submission: { credential: cred(i) },
    time: t,
  });
  return [
    {
      type: 'setup',
      electionId: ELECTION,
      manifest: MANIFEST,
      countingStart: '2026-06-07T17:00',
      countingStartInstant: COUNT_AT,
      time: 1,
    },
    { type: 'printing-key', publicKey: toHex(KEYS.printing.publicKey), time: 2 },
    key('S1'),
    key('S2'),
    key('S3'),
    { type: 'key-ceremony', time: 4 },
    { type: 'credentials', credentials: [0, 1, 2, 3].map(cred), time: 5 },
    { type: 'open', time: 6 },
    ballot(0, 7),
    ballot(1, 8),
    ballot(2, 9),
    { type: 'cancellation', credential: cred(1), station: 'S1', time: 10 },
    ballot(1, 11), // cancelled too: paper wins before and after the entry
    { type: 'close', reason: 'administrator', time: COUNT_AT - 1 },
    sheetEntry(signedFirst, first, COUNT_AT + 3_700_000),
    cvrEntry(first, S1_FIRST, COUNT_AT + 3_700_000),
    sheetEntry(signedFixed, fixed, COUNT_AT + 4_100_000),
    cvrEntry(fixed, S1_FIXED, COUNT_AT + 4_100_000),
    sheetEntry(signTallySheet(s2, KEYS.S2.secretKey), s2, COUNT_AT + 4_200_000, 'scan'),
    closing('S1', 4),
    closing('S2', 4),
    { type: 'station-exclusion', station: 'S3', reason: 'flooded', time: COUNT_AT + 5_000_001 },
    { type: 'encrypted-tally', time: COUNT_AT + 5_000_002 },
    {
      type: 'tally-decryption',
      tally: {
        contests: [
          {
            label: 'mayor',
            selections: [
              { label: 'ann', value: 1 },
              { label: 'bob', value: 1 },
              { label: 'cid', value: 0 },
            ],
          },
          {
            label: 'council',
            selections: [
              { label: 'x', value: 2 },
              { label: 'y', value: 0 },
              { label: 'z', value: 1 },
            ],
          },
        ],
      },
      time: COUNT_AT + 5_000_003,
    },
  ];
}

/** P1–P9 on `entries` (log order), with the ballots and credentials the L1 pass would keep. */
export function runPaper(entries: readonly Json[]): PaperOutcome {
  const board = emptyPaperBoard();
  const observer = paperBoardObserver(board);
  entries.forEach((e, i) => observer.entry(e as Json & { type: string }, i, `board/log.jsonl:${i + 1}`));
  observer.end();
  const views = entries.map((e, index) => ({ index, type: String(e.type), fields: e }));
  const published = new Set(
    entries
      .filter((e) => e.type === 'credentials')
      .flatMap((e) => (e.credentials as string[]).map((c) => c.toUpperCase())),
  );
  const credentialAt = (i: number): string | undefined => {
    const e = entries[i];
    const c = e?.type === 'ballot' ? (e.submission as { credential?: unknown }).credential : undefined;
    return typeof c === 'string' ? c.toUpperCase() : undefined;
  };
  return checkPaper(board, { published, counted: countedBallots(views), credentialAt });
}

/** The findings of `outcome` as [check, location]. */
export const findingsOf = (o: PaperOutcome): [string, string][] =>
  o.steps.flatMap((s) => s.failures.map((f) => [f.check, f.location] as [string, string]));

/** The findings of the paper checks on `board` as [check, location]; only `check`'s when given. */
export const paperFindings = (board: readonly Json[], check?: string): [string, string][] =>
  findingsOf(runPaper(board)).filter(([c]) => check === undefined || c === check);

/** A deep copy of the board, to tamper with. */
export const copyBoard = (b: readonly Json[]): Json[] => JSON.parse(JSON.stringify(b)) as Json[];

/** Log indices of the honest board's entries (0-based; the line is index + 1). */
export const AT = {
  setup: 0,
  printingKey: 1,
  keyS1: 2,
  keyS2: 3,
  keyS3: 4,
  open: 7,
  cancellation: 11,
  close: 13,
  sheetS1: 14,
  cvrsS1: 15,
  sheetS1Fixed: 16,
  cvrsS1Fixed: 17,
  sheetS2: 18,
  closeS1: 19,
  closeS2: 20,
  exclusionS3: 21,
  encryptedTally: 22,
  tally: 23,
} as const;

/** `board/log.jsonl:<line>` of log index `i`, with an optional field. */
export const line = (i: number, field?: string): string =>
  `board/log.jsonl:${i + 1}${field !== undefined ? ` ${field}` : ''}`;

/**
 * Changes the sheet of the `station-sheet` entry at `i` and signs it again with its station's
 * key (so that only the change itself is wrong), updating the entry's sheetHash; witnesses'
 * co-signatures, now of another sheet, are dropped.
 */
export function resignSheet(board: Json[], i: number, change: (sheet: Json) => void, key?: Uint8Array): void {
  const e = board[i]! as {
    signed: { sheet: Json; signature: string; witnesses: unknown[] };
    sheetHash: string;
  };
  change(e.signed.sheet);
  e.signed.witnesses = [];
  const station = String(e.signed.sheet.station) as 'S1' | 'S2' | 'S3';
  const secret = key ?? (KEYS[station] ?? KEYS.S1).secretKey;
  e.signed.signature = signPaperStatement(
    secret,
    'tally-sheet',
    String(e.signed.sheet.electionId),
    e.signed.sheet,
  );
  e.sheetHash = sheetHash(e.signed.sheet as unknown as TallySheet);
}
