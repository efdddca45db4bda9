/**
 * The confirmation codes seen so far by the ballot pass, for check 7.C (no two ballots share a
 * code, spec/verification.md §7) — the one structure of the pass that grows with the record.
 *
 * Kept small: a code is stored as its 32 bytes in a one-byte string (not 64 hex digits) and its
 * place as one small integer, the line's ordinal in the record (the lines of device i are the
 * ordinals starts[i] + lineNo − 1), not as a `file:line` string: about 85 bytes a ballot
 * (measured, Node 20) instead of about 240, so 8.5 MB per 100,000 ballots (spec/verification.md
 * §0.3.3). The location is rebuilt only for a duplicate.
 * @module
 */
import { Buffer } from 'node:buffer';

/** The index; devices are opened in order with {@link CodeIndex.openDevice}. */
export interface CodeIndex {
  /**
   * Starts the lines of device `device` (an index into `devices.json`; call in increasing order).
   * @returns the ordinal of the device's line 1, to pass to {@link CodeIndex.add}
   */
  openDevice(device: number): number;
  /** Declares the current device's last line number (0 for none). */
  closeDevice(lastLineNo: number): void;
  /**
   * Records `code` at line `lineNo` of the device whose line 1 is `base`.
   * @param code - 64 hex digits (the ballot schema's pattern)
   * @returns the location (`file:line`) of an earlier ballot with the same code, or undefined
   */
  add(code: string, base: number, lineNo: number): string | undefined;
  /** Number of codes recorded. */
  readonly size: number;
}

const HEX64 = /^[0-9A-F]{64}$/;

/**
 * A new, empty index.
 * @param fileOf - the ballot file of a device index, called only to name a duplicate
 */
export function createCodeIndex(fileOf: (device: number) => string): CodeIndex {
  const seen = new Map<string, number>();
  const starts: number[] = [];
  const devices: number[] = [];
  let next = 0;
  const location = (ordinal: number): string => {
    // the last device whose first ordinal is ≤ ordinal (an empty device shares its successor's)
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ordinal) lo = mid;
      else hi = mid - 1;
    }
    return `${fileOf(devices[lo]!)}:${ordinal - starts[lo]! + 1}`;
  };
  return {
    openDevice(device) {
      starts.push(next);
      devices.push(device);
      return next;
    },
    closeDevice(lastLineNo) {
      next += lastLineNo;
    },
    add(code, base, lineNo) {
      // 32 one-byte characters; anything else (not expected after the schema) marked apart
      const key = HEX64.test(code) ? Buffer.from(code, 'hex').toString('latin1') : `\u0100${code}`;
      const other = seen.get(key);
      if (other !== undefined) return location(other);
      seen.set(key, base + lineNo - 1);
      return undefined;
    },
    get size() {
      return seen.size;
    },
  };
}
