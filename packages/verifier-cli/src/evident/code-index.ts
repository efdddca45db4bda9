/**
 * The confirmation codes seen so far by the ballot pass, for check 7.C (no two ballots share a
 * code, spec/verification.md §7) — the one structure of the pass that grows with the record.
 *
 * Kept small: a code is stored as its 32 bytes in a flat table (../compact/byte-keys.ts) and its
 * place as one 32-bit integer, the line's ordinal in the record (the lines of device i are the
 * ordinals starts[i] + lineNo − 1), not as a `file:line` string: about 45 bytes a ballot
 * instead of about 240 (spec/verification.md §0.3.3). The place of a duplicate is given as a
 * device index and line; the pass names its file (devices.json is not kept in memory).
 * @module
 */
import { byteKeyTable, hexKey } from '../compact/byte-keys.js';
import { int32Column } from '../compact/columns.js';

/** A line of the record: the device's index in `devices.json` and the 1-based line number. */
export interface CodePlace {
  readonly device: number;
  readonly lineNo: number;
}

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
   * @param code - 64 upper-case hex digits (the ballot schema's pattern; anything else is kept
   *   apart, by its SHA-256)
   * @returns the place of an earlier ballot with the same code, or undefined
   */
  add(code: string, base: number, lineNo: number): CodePlace | undefined;
  /** Number of codes recorded. */
  readonly size: number;
}

/** A new, empty index. */
export function createCodeIndex(): CodeIndex {
  const seen = byteKeyTable();
  const ordinals = int32Column(); // by code ordinal: the line's ordinal in the record
  const starts = int32Column(); // by opened device: its line 1's ordinal
  const devices = int32Column(); // by opened device: its index in devices.json
  let next = 0;
  const place = (ordinal: number): CodePlace => {
    // the last device whose first ordinal is ≤ ordinal (an empty device shares its successor's)
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts.at(mid) <= ordinal) lo = mid;
      else hi = mid - 1;
    }
    return { device: devices.at(lo), lineNo: ordinal - starts.at(lo) + 1 };
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
      const before = seen.size;
      const o = seen.intern(hexKey(code, 'code'));
      if (o < before) return place(ordinals.at(o));
      ordinals.push(base + lineNo - 1);
      return undefined;
    },
    get size() {
      return seen.size;
    },
  };
}
