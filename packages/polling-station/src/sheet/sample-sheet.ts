/**
 * A realistic signed tally sheet with its manifest, for the sheet benchmark and the rendering
 * tests: a station of 1,200 voters, 812 ballots, contests with long labels and ten candidates,
 * counts that add up (counts + blank + overvoted = ballots in every contest).
 * @module
 */
import { type Manifest, type PaperKeyPair, generatePaperKey, toHex } from '@evident/e2e-crypto';
import {
  SHEET_FORMAT,
  type SignedTallySheet,
  type TallySheet,
  cosignTallySheet,
  signTallySheet,
} from '@evident/record';

const KINDS = [
  ['municipal-council-ward', 'Municipal council, ward'],
  ['school-board-district', 'School board, district'],
  ['regional-assembly-seat', 'Regional assembly, seat'],
  ['referendum-question', 'Referendum, question'],
  ['county-commissioner-precinct', 'County commissioner, precinct'],
] as const;
const FIRST = [
  'Maria',
  'Jean-Pierre',
  'Aisha',
  'Tomasz',
  'Sofia',
  'Kwame',
  'Ingrid',
  'Rafael',
  'Mei',
  'Oluwaseun',
];
const LAST = [
  'Oliveira Santos',
  'Lefebvre',
  'Rahman',
  'Kowalczyk',
  'Lindqvist',
  'Mensah',
  'Haugland',
  'Ortega',
  'Chen',
  'Adeyemi',
];

/** What {@link sampleStationSheet} makes. */
export interface SampleStationSheet {
  readonly manifest: Manifest;
  readonly signed: SignedTallySheet;
  readonly stationKey: PaperKeyPair;
}

/** A deterministic generator (the sample must be the same on every run of the benchmark). */
function counter(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

/**
 * A manifest with one station whose style holds `contests` contests of `options` options, and
 * that station's sheet, signed, co-signed by `witnesses` witnesses.
 */
export function sampleStationSheet(
  contests: number,
  options: number,
  witnesses = 2,
  seed = 7,
): SampleStationSheet {
  const next = counter(seed);
  const labels = Array.from({ length: contests }, (_, c) => {
    const [label, name] = KINDS[c % KINDS.length]!;
    const n = String(Math.floor(c / KINDS.length) + 1).padStart(3, '0');
    return { label: `${label}-${n}`, name: `${name} ${Number(n)}` };
  });
  const manifest: Manifest = {
    electionLabel: 'general-election-2026-05-10',
    name: { en: 'General election, 10 May 2026' },
    languages: ['en'],
    startDate: '2026-05-10T07:00:00+02:00',
    endDate: '2026-05-10T17:00:00+02:00',
    districts: [{ label: 'riverside', name: { en: 'Riverside' } }],
    pollingStations: [
      {
        label: 'station-0417',
        name: { en: 'Riverside Primary School, hall B' },
        district: 'riverside',
        ballotStyle: 'riverside-style',
      },
    ],
    contests: labels.map(({ label, name }) => ({
      label,
      name: { en: name },
      district: 'riverside',
      voteLimit: 1,
      optionLimit: 1,
      contestDataBlocks: 1,
      options: Array.from({ length: options }, (_, o) => ({
        label: `${label}-option-${o + 1}`,
        name: { en: `${FIRST[(o + next(3)) % FIRST.length]} ${LAST[(o * 3 + next(5)) % LAST.length]}` },
      })),
    })),
    ballotStyles: [{ label: 'riverside-style', contests: labels.map((l) => l.label) }],
  };
  const ballots = { bmd: 41, handMarked: 771 };
  const total = ballots.bmd + ballots.handMarked;
  const sheet: TallySheet = {
    format: SHEET_FORMAT,
    electionId: manifest.electionLabel,
    station: 'station-0417',
    sequence: 1,
    previousSheet: null,
    correctionReason: null,
    countingStart: '2026-05-10T15:00:02.311Z',
    countingEnd: '2026-05-10T17:41:55.902Z',
    clock: { offsetMs: -1234, measuredAt: '2026-05-10T14:58:01.000Z', override: null },
    checkIns: 815,
    ballots,
    rejected: {
      counterfeit: 0,
      copied: 1,
      'wrong-election': 0,
      'wrong-station': 2,
      'wrong-style': 0,
      unreadable: 0,
    },
    reconciliation: '3 voters checked in and left without casting their ballot',
    contests: labels.map(({ label }) => {
      const blank = next(25);
      const overvoted = next(4);
      let left = total - blank - overvoted;
      const counts = Array.from({ length: options }, (_, o) => {
        const v = o === options - 1 ? left : Math.floor((left * (15 + next(30))) / 100);
        left -= v;
        return v;
      });
      return { contest: label, counts, blank, overvoted };
    }),
    cvrCommitment: toHex(Uint8Array.from({ length: 32 }, () => next(256))),
    countedBy: ['Ana Souza', 'Peter Miller', 'Fatima Zahra El Amrani'],
  };
  const stationKey = generatePaperKey();
  let signed = signTallySheet(sheet, stationKey.secretKey);
  for (let i = 0; i < witnesses; i++) {
    const w = generatePaperKey();
    signed = cosignTallySheet(signed, `Witness ${i + 1} (party observer)`, w.secretKey, toHex(w.publicKey));
  }
  return { manifest, signed, stationKey };
}
