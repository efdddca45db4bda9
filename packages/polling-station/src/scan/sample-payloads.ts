/**
 * The payloads of the degraded-photo set: ballot QR codes as printed (signed tokens, `EVB1.` text,
 * spec/stations.md §3) and tally-sheet parts (binary, cut by record's sheet-parts codec at its
 * default size, 412 bytes: QR version 15 at level M).
 * Deterministic from a seed; the keys are test keys drawn from the seed, never an election's.
 * @module
 */
import { type BallotToken, encodeBallotQr, encodeSheetParts, signBallotToken } from '@evident/record';
import { sampleStationSheet } from '../sheet/sample-sheet.js';
import { seededRandom } from './photo-ops.js';

function bytesFrom(random: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}

/** `count` ballot codes' bytes (UTF-8 of the QR text): blank ballots and marking-device ballots. */
export function sampleBallotCodes(seed: number, count: number): Uint8Array[] {
  const random = seededRandom(seed);
  const key = bytesFrom(random, 32);
  return Array.from({ length: count }, (_, i) => {
    const token: BallotToken = {
      kind: i % 2 === 0 ? 'blank' : 'bmd',
      electionId: 'sample-election',
      station: `station-${1 + (i % 7)}`,
      style: 'style-1',
      serial: hex(bytesFrom(random, 16)),
      ...(i % 2 === 1
        ? {
            choices: [
              { contest: 'mayor', selected: ['candidate-2'] },
              { contest: 'council', selected: ['a', 'c'] },
            ],
          }
        : {}),
    };
    return new TextEncoder().encode(encodeBallotQr(signBallotToken(token, key)));
  });
}

/** `count` parts of sample tally sheets (50 contests × 10 options each), as printed. */
export function sampleTallySheetParts(seed: number, count: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let s = seed; parts.length < count; s++)
    parts.push(...encodeSheetParts(sampleStationSheet(50, 10, 1, s).signed));
  return parts.slice(0, count);
}

/** `count` random binary payloads of `size` bytes (the shape of sheet parts, for reader tests). */
export function sampleSheetParts(seed: number, count: number, size = 600): Uint8Array[] {
  const random = seededRandom(seed ^ 0x5eed);
  return Array.from({ length: count }, () => bytesFrom(random, size));
}

/** Ballot codes and sheet parts interleaved, the set's payloads. */
export function samplePayloads(seed: number, count: number): Uint8Array[] {
  const ballots = sampleBallotCodes(seed, Math.ceil(count / 2));
  const parts = sampleTallySheetParts(seed, Math.floor(count / 2));
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? ballots[i / 2]! : parts[(i - 1) / 2]!));
}
