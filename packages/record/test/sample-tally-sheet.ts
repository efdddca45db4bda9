/** Signed tally sheets for the tests of the sheet parts: a fixed one and a fast-check arbitrary. */
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import fc from 'fast-check';
import {
  REJECT_REASONS,
  SHEET_FORMAT,
  type SignedTallySheet,
  type TallySheet,
  cosignTallySheet,
  signTallySheet,
} from '../src/paper/tally-sheet.js';

export const stationKey = generatePaperKey();
export const witnessKey = generatePaperKey();

/** A sheet of `contests` contests × `options` options with counts from a simple generator. */
export function sampleSheet(contests = 10, options = 10, seed = 1): TallySheet {
  let s = seed >>> 0;
  const next = (n: number) => ((s = (s * 1103515245 + 12345) >>> 0), s % n);
  return {
    format: SHEET_FORMAT,
    electionId: 'general-election-2026',
    station: 'station-0417-riverside-school',
    sequence: 1,
    previousSheet: null,
    correctionReason: null,
    countingStart: '2026-05-10T15:00:02.311Z',
    countingEnd: '2026-05-10T17:41:55.902Z',
    clock: { offsetMs: -1234, measuredAt: '2026-05-10T14:58:01.000Z', override: null },
    checkIns: 815,
    ballots: { bmd: 41, handMarked: 771 },
    rejected: {
      counterfeit: 0,
      copied: 1,
      'wrong-election': 0,
      'wrong-station': 2,
      'wrong-style': 0,
      unreadable: 0,
    },
    reconciliation: '3 voters checked in left without casting a ballot',
    contests: Array.from({ length: contests }, (_, c) => ({
      contest: `council-ward-${String(c + 1).padStart(3, '0')}`,
      counts: Array.from({ length: options }, () => next(400)),
      blank: next(20),
      overvoted: next(3),
    })),
    cvrCommitment: 'C0FFEE'.repeat(10) + 'ABCD',
    countedBy: ['Ana Souza', 'Peter Miller'],
  };
}

/** The sample sheet signed by the station and co-signed by `witnesses` witnesses. */
export function sampleSigned(contests = 10, options = 10, witnesses = 1): SignedTallySheet {
  let signed = signTallySheet(sampleSheet(contests, options), stationKey.secretKey);
  for (let i = 0; i < witnesses; i++)
    signed = cosignTallySheet(signed, `Witness ${i + 1}`, witnessKey.secretKey, toHex(witnessKey.publicKey));
  return signed;
}

const count = fc.nat({ max: 100_000 });
const text = fc.string({ maxLength: 40, unit: 'binary' });
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toHex);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

/** Any well-formed sheet, strings of any Unicode (lone surrogates included). */
export const arbitrarySheet: fc.Arbitrary<TallySheet> = fc.record({
  format: fc.constant(SHEET_FORMAT),
  electionId: text,
  station: text,
  sequence: fc.integer({ min: 1, max: 1000 }),
  previousSheet: nullable(hex64),
  correctionReason: nullable(text),
  countingStart: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  countingEnd: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  clock: fc.record({
    offsetMs: nullable(fc.integer({ min: -1e9, max: 1e9 })),
    measuredAt: nullable(text),
    override: nullable(fc.record({ by: fc.array(text, { maxLength: 3 }), reason: text })),
  }),
  checkIns: count,
  ballots: fc.record({ bmd: count, handMarked: count }),
  rejected: fc.record(
    Object.fromEntries(REJECT_REASONS.map((r) => [r, count])) as Record<
      (typeof REJECT_REASONS)[number],
      fc.Arbitrary<number>
    >,
  ),
  reconciliation: nullable(text),
  contests: fc.array(
    fc.record({ contest: text, counts: fc.array(count, { maxLength: 12 }), blank: count, overvoted: count }),
    { maxLength: 40 },
  ),
  cvrCommitment: hex64,
  countedBy: fc.array(text, { maxLength: 4 }),
});

/** Any sheet, signed by the station, with 0–3 witnesses of any name (≤ 60 UTF-16 units). */
export const arbitrarySigned: fc.Arbitrary<SignedTallySheet> = fc
  .tuple(arbitrarySheet, fc.array(fc.string({ maxLength: 60 }), { maxLength: 3 }))
  .map(([sheet, names]) =>
    names.reduce(
      (s, name) => cosignTallySheet(s, name, witnessKey.secretKey, toHex(witnessKey.publicKey)),
      signTallySheet(sheet, stationKey.secretKey),
    ),
  );
