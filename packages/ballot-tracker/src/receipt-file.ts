/**
 * Reads the voter's receipt file for `evident-track --receipt` (spec/tracker.md §2). The format
 * is written and parsed by `@evident/record/board` (receipt-file.ts) alone, for the voter page,
 * the tracker page and this command; here only the file is read and a fault named with its path.
 * @module
 */
import { readFileSync } from 'node:fs';
import { type FileFault, isFileFault, type KeptReceipt, parseReceiptFile } from '@evident/record/board';
import { TrackError } from './track-error.js';

export type { KeptReceipt } from '@evident/record/board';

/** The text of `path`, or a usage error naming it. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new TrackError('usage', `${path} cannot be read (${(e as NodeJS.ErrnoException).code})`);
  }
}

/** A parsed file, or a usage error naming the file and the field at fault. */
export function orUsage<T extends object>(path: string, parsed: T | FileFault): T {
  if (!isFileFault(parsed)) return parsed;
  throw new TrackError(
    'usage',
    parsed.fault === 'JSON' ? `${path} is not JSON` : `${path}: ${parsed.fault} must be ${parsed.must}`,
  );
}

/**
 * Reads a receipt file. Only the shape is checked here; signatures and proofs are the tracker's.
 * @throws {TrackError} `usage`, naming the file and the field at fault
 */
export function readReceiptFile(path: string): KeptReceipt {
  return orUsage(path, parseReceiptFile(readTextFile(path)));
}
