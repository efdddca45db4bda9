/**
 * Reads a signed tree head the voter kept, for `evident-track --tree-head` (spec/tracker.md §2);
 * the format is parsed by `@evident/record/board` (kept-head-file.ts), as the tracker page does.
 * @module
 */
import type { SignedTreeHead } from '@evident/e2e-crypto';
import { parseTreeHeadFile } from '@evident/record/board';
import { orUsage, readTextFile } from './receipt-file.js';

/**
 * Reads a kept tree head; only its shape is checked here, its signature by the tracker.
 * @throws {TrackError} `usage`, naming the file and the field at fault
 */
export function readTreeHeadFile(path: string): SignedTreeHead {
  return orUsage(path, parseTreeHeadFile(readTextFile(path)));
}
