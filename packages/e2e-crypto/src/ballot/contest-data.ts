/**
 * Evident's encoding of the contest data field D (EG 2.0 §3.3.7; spec/record.md §5.3):
 * over-, under- and null-vote information, the overvoted selections and write-in text, padded
 * with 0x00 to 32·b_D bytes (or truncated).
 *
 *   D = status (1 byte) ∥ m (1 byte) ∥ b(ind_o, 4) × m ∥ b(len(w), 2) ∥ UTF-8(w) ∥ 0x00…
 *
 * status: 0 full (sum = L), 1 undervote (0 < sum < L), 2 null vote (sum = 0), 3 overvote; the m
 * option indices are the options the voter marked when the contest was overvoted.
 * @module
 */
import { concatBytes, u32, utf8Bytes } from '../bytes.js';

/** Status byte values. */
export const CONTEST_STATUS = { full: 0, undervote: 1, nullVote: 2, overvote: 3 } as const;
export type ContestStatus = keyof typeof CONTEST_STATUS;

/** The decoded contest data. */
export interface ContestData {
  readonly status: ContestStatus;
  /** For an overvote: the option indices the voter marked (at most 255 kept). */
  readonly overvoted: readonly number[];
  /** Write-in text, possibly truncated. */
  readonly writeIn: string;
}

/** The status a contest gets from the voter's marks: `sum` the marked total, L the vote limit. */
export function contestStatus(sum: number, voteLimit: number, overvote: boolean): ContestStatus {
  if (overvote) return 'overvote';
  if (sum === 0) return 'nullVote';
  return sum < voteLimit ? 'undervote' : 'full';
}

/**
 * Encodes D as 32·blocks bytes (EG 2.0 §3.3.7 "Padding to fixed length").
 * @throws {RangeError} if blocks is not a positive integer
 */
export function encodeContestData(data: ContestData, blocks: number): Uint8Array {
  if (!Number.isInteger(blocks) || blocks < 1) throw new RangeError('encodeContestData: blocks must be ≥ 1');
  const marks = data.overvoted.slice(0, 255);
  const w = utf8Bytes(data.writeIn).slice(0, 0xffff);
  const raw = concatBytes(
    new Uint8Array([CONTEST_STATUS[data.status], marks.length]),
    ...marks.map((i) => u32(i)),
    new Uint8Array([w.length >> 8, w.length & 0xff]),
    w,
  );
  const out = new Uint8Array(32 * blocks);
  out.set(raw.subarray(0, out.length));
  return out;
}

const STATUS_BY_BYTE: readonly ContestStatus[] = ['full', 'undervote', 'nullVote', 'overvote'];
const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes D; tolerates truncation (a field cut short reads as far as it goes).
 * @returns undefined when the status byte is unknown
 */
export function decodeContestData(d: Uint8Array): ContestData | undefined {
  const status = STATUS_BY_BYTE[d[0] ?? 255];
  if (status === undefined) return undefined;
  const m = d[1] ?? 0;
  const overvoted: number[] = [];
  let o = 2;
  for (let i = 0; i < m && o + 4 <= d.length; i++, o += 4) {
    overvoted.push(((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0);
  }
  const len = o + 2 <= d.length ? (d[o]! << 8) | d[o + 1]! : 0;
  const writeIn = utf8.decode(d.subarray(o + 2, Math.min(d.length, o + 2 + len)));
  return { status, overvoted, writeIn };
}
