/**
 * The lines of a ballot file, read at once when the file is small (the export layout has a file
 * of 1–2 ballots per voter: one synchronous read costs far less than a stream and a line reader
 * per file), streamed when it is big.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { readJsonLines } from '@evident/record';

/** Files up to this size are read whole (most files of the export layout hold 1–2 ballots). */
const SMALL_FILE = 1 << 20;

/**
 * The lines of a ballot file as `readJsonLines` gives them (1-based numbers; blank lines inside
 * the file kept as '', trailing ones dropped), read at once when the file is small: one
 * synchronous read costs far less than a stream and a line reader per file. None when the file is
 * missing.
 */
export async function* fileLines(path: string): AsyncGenerator<{ lineNo: number; text: string }> {
  const lines = ballotFileLines(path);
  if (lines) yield* lines;
}

/**
 * {@link fileLines}, or undefined when the file is missing: one `stat` says both whether it is
 * there and how to read it (the export layout has a file per voter).
 */
export function ballotFileLines(path: string): AsyncIterable<{ lineNo: number; text: string }> | undefined {
  let size: number | undefined;
  try {
    size = statSync(path, { throwIfNoEntry: false })?.size;
  } catch {
    return undefined; // unreadable as a file (e.g. a path through a file): missing, as before
  }
  if (size === undefined) return undefined;
  if (size > SMALL_FILE) return readJsonLines(path);
  return smallFileLines(path);
}

async function* smallFileLines(path: string): AsyncGenerator<{ lineNo: number; text: string }> {
  const parts = readFileSync(path, 'utf8').split(/\r\n|\r|\n/);
  let n = parts.length;
  while (n > 0 && parts[n - 1] === '') n--;
  for (let i = 0; i < n; i++) yield { lineNo: i + 1, text: parts[i]! };
}
