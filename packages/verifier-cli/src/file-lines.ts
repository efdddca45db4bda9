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
 * synchronous read costs far less than a stream and a line reader per file. Undefined when the
 * file is missing.
 */
export async function* fileLines(path: string): AsyncGenerator<{ lineNo: number; text: string }> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  if (size > SMALL_FILE) {
    yield* readJsonLines(path);
    return;
  }
  const parts = readFileSync(path, 'utf8').split(/\r\n|\r|\n/);
  let n = parts.length;
  while (n > 0 && parts[n - 1] === '') n--;
  for (let i = 0; i < n; i++) yield { lineNo: i + 1, text: parts[i]! };
}
