/**
 * Appending lines to many files — one ballot file per device, up to one per online credential in
 * the export layout (spec/record.md §5.5) — with at most `maxOpen` file descriptors held at once:
 * the least recently written file is closed when another must be opened, and opened again in
 * append mode when its device writes next. A record of a million one- or two-ballot files is
 * written without reaching the process's open-file limit (EMFILE).
 * @module
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Files being appended to, a bounded number of them open. */
export interface AppendingFiles {
  /** Appends `text` to `dir/file` (created, or truncated, on its first write here). */
  append(file: string, text: string): void;
  /** True once `file` has been written (or created) here. */
  has(file: string): boolean;
  /** Creates `file` empty if it was never written. */
  touch(file: string): void;
  /** File descriptors open now (never more than `maxOpen`). */
  readonly openFiles: number;
  /** Closes every open file. */
  close(): void;
}

/** Default most files open at once: far below the usual limits (1,024 and up). */
export const DEFAULT_MAX_OPEN_FILES = 64;

/**
 * Starts appending under `dir`.
 * @param maxOpen - most file descriptors held at once (at least 1)
 * @throws {RangeError} when `maxOpen` is not a positive integer
 */
export function appendingFiles(dir: string, maxOpen = DEFAULT_MAX_OPEN_FILES): AppendingFiles {
  if (!Number.isInteger(maxOpen) || maxOpen < 1)
    throw new RangeError(`maxOpen must be a positive integer, not ${maxOpen}`);
  // insertion order is use order: the first key is the least recently written file
  const open = new Map<string, number>();
  const started = new Set<string>();
  const madeDirs = new Set<string>();
  const fdOf = (file: string): number => {
    const fd = open.get(file);
    if (fd !== undefined) {
      open.delete(file);
      open.set(file, fd);
      return fd;
    }
    if (open.size >= maxOpen) {
      const [oldest, oldFd] = open.entries().next().value as [string, number];
      open.delete(oldest);
      closeSync(oldFd);
    }
    const path = join(dir, file);
    const parent = dirname(path);
    if (!madeDirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    const first = !started.has(file);
    const newFd = openSync(path, first ? 'w' : 'a');
    started.add(file);
    open.set(file, newFd);
    return newFd;
  };
  return {
    append(file, text) {
      const fd = fdOf(file);
      const buf = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    },
    has: (file) => started.has(file),
    touch(file) {
      if (!started.has(file)) fdOf(file);
    },
    get openFiles() {
      return open.size;
    },
    close() {
      for (const fd of open.values()) closeSync(fd);
      open.clear();
    },
  };
}
