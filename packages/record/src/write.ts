/**
 * Writing record files (spec/record.md §1.3–1.4): JSON files whole, JSON Lines streamed with
 * back-pressure so that millions of ballots are written in constant memory.
 * @module
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';

/** Writes `value` as indented JSON to `dir/file`, creating folders. */
export function writeRecordJson(dir: string, file: string, value: unknown): void {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/** A JSON Lines file being written. */
export interface JsonLinesWriter {
  /** Appends one object as one line; resolves when the stream can take more. */
  write(value: unknown): Promise<void>;
  /** Number of lines written. */
  readonly lines: number;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Opens `dir/file` for JSON Lines, creating folders and truncating an existing file. */
export function openJsonLines(dir: string, file: string): JsonLinesWriter {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let lines = 0;
  return {
    async write(value) {
      lines++;
      if (!out.write(JSON.stringify(value) + '\n')) await once(out, 'drain');
    },
    get lines() {
      return lines;
    },
    async close() {
      out.end();
      await once(out, 'finish');
    },
  };
}
