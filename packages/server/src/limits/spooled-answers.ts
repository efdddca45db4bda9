/**
 * Large public answers spooled to files (spec/server-api.md §6.5, §10): an answer that only
 * changes when the board does and may be hundreds of megabytes (a ranked contest's mix file) is
 * written once, piece by piece, to a file of the server's spool folder under a key with a stamp
 * of what it was built from, and every read streams that file: the answer is never held whole in
 * memory, and anyone asking again does not make the server re-read the board. Concurrent reads
 * of a stale answer share one build; at most `keep` files are kept, the least recently read going
 * first (their files removed; a reader already streaming one keeps its open descriptor).
 * @module
 */
import { openSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

/** Where an answer is written, piece by piece (buffered, in order). */
export interface AnswerSink {
  write(piece: string | Uint8Array): Promise<void>;
}

/** An answer ready to stream: an open descriptor on its file and its size in bytes. */
export interface SpooledAnswer {
  readonly fd: number;
  readonly size: number;
}

/** The spool. */
export interface SpooledAnswers {
  /**
   * The answer under `key` built from `stamp`: kept, or written by `write` (a write that throws
   * leaves no file, and its error is every waiting reader's). The caller owns the descriptor.
   */
  open(key: string, stamp: string, write: (out: AnswerSink) => Promise<void>): Promise<SpooledAnswer>;
}

/** Bytes gathered before a write to the file. */
const BLOCK = 1 << 20;

/** Writes `write`'s pieces to `path` through a buffer of {@link BLOCK} bytes. */
async function writeFile(path: string, write: (out: AnswerSink) => Promise<void>): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let parts: Uint8Array[] = [];
    let held = 0;
    const flush = async () => {
      if (held === 0) return;
      await fh.write(Buffer.concat(parts, held));
      parts = [];
      held = 0;
    };
    await write({
      async write(piece) {
        const b = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        if (b.length >= BLOCK) {
          await flush();
          await fh.write(b);
          return;
        }
        parts.push(b);
        held += b.length;
        if (held >= BLOCK) await flush();
      },
    });
    await flush();
  } finally {
    await fh.close();
  }
}

/**
 * A spool of at most `keep` answers in the folder `dir` (which the caller creates and removes).
 * @throws {RangeError} if `keep` < 1
 */
export function spooledAnswers(dir: string, keep: number): SpooledAnswers {
  if (!Number.isInteger(keep) || keep < 1)
    throw new RangeError(`keep must be a positive integer, got ${keep}`);
  const kept = new Map<string, { stamp: string; path: string }>();
  const pending = new Map<string, Promise<string>>();
  let serial = 0;
  const drop = (path: string) => rmSync(path, { force: true });
  const opened = (path: string): SpooledAnswer => {
    const fd = openSync(path, 'r'); // before any other build can evict it
    return { fd, size: statSync(path).size };
  };
  const spool: SpooledAnswers = {
    async open(key, stamp, write) {
      const hit = kept.get(key);
      if (hit?.stamp === stamp) {
        kept.delete(key);
        kept.set(key, hit); // most recently read last
        return opened(hit.path);
      }
      const building = `${key}\n${stamp}`;
      let p = pending.get(building);
      if (!p) {
        const path = join(dir, `answer-${++serial}.json`);
        p = (async () => {
          try {
            await writeFile(`${path}.part`, write);
            renameSync(`${path}.part`, path);
          } catch (e) {
            drop(`${path}.part`);
            throw e;
          }
          const old = kept.get(key);
          if (old) drop(old.path);
          kept.delete(key);
          kept.set(key, { stamp, path });
          while (kept.size > keep) {
            const [k, v] = kept.entries().next().value!;
            kept.delete(k);
            drop(v.path);
          }
          return path;
        })().finally(() => pending.delete(building));
        pending.set(building, p);
      }
      const path = await p;
      try {
        return opened(path);
      } catch (e) {
        // evicted by another build between this one's end and this reader's turn: build again
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return spool.open(key, stamp, write);
        throw e;
      }
    },
  };
  return spool;
}
