/**
 * `ranked/<id>/decryptions.json` written a batch of rows at a time, and the `ranked-decryption`
 * board entry of version 2 that names it by digest (spec/mixnet.md §8.3, §8.9). The file is
 * `JSON.stringify({format, version, contestId, method, rows, plaintexts}) + "\n"` — the bytes the
 * record has always held — written member by member, so that no whole `rows` array nor the whole
 * text is ever held; its SHA-256 is hashed over the same bytes as they are written. The entry
 * carries that digest, the row count N and the width w instead of the rows: a few hundred bytes
 * whatever N. One source for the server (which writes the file at the publication and keeps it in
 * its store), the export, the simulations' writer (./write-ranked.ts) and the verifier's L3.I,
 * which hashes the record's file 1 MiB at a time (`fileSha256`). Node only.
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { RankedPlaintext, RowDecryptionJson } from '@evident/e2e-crypto';
import { DECRYPTIONS_FILE, RANKED_FILE_VERSION, RANKED_FORMATS } from './ranked-files.js';

/** The version of a `ranked-decryption` entry that names `decryptions.json` by its digest. */
export const RANKED_DECRYPTION_VERSION = 2;

/** The `ranked-decryption` entry's fields of version 2 (besides `quorum` and `time`). */
export interface DigestDecryptionEntry {
  readonly version: typeof RANKED_DECRYPTION_VERSION;
  readonly contestId: string;
  readonly method: 'threshold';
  /** N: the rows of the last stage's outputs, one line of `rows` each */
  readonly rows: number;
  /** w: decryptions per row */
  readonly w: number;
  /** SHA-256 of the bytes of `decryptions.json`, 64 upper-case hex digits */
  readonly digest: string;
}

/** Plaintexts serialised per write (a text of a few hundred kB). */
const TEXT_BATCH = 4096;

/** Whether a `ranked-decryption` entry is of version 2 (names the file) rather than holding the rows. */
export const isDigestDecryptionEntry = (e: Readonly<Record<string, unknown>>): boolean =>
  e.version === RANKED_DECRYPTION_VERSION;

/** A `decryptions.json` being written: rows in batches, then the plaintexts. */
export interface DecryptionsFileWriter {
  /**
   * Appends rows of `rows`, in order.
   * @throws {RangeError} when a row is not w decryptions
   */
  addRows(rows: readonly (readonly RowDecryptionJson[])[]): void;
  /**
   * Writes `plaintexts` (one per row) and closes the file.
   * @returns the file's SHA-256 (upper-case hex) and its row count
   * @throws {RangeError} when there is not one plaintext per row
   */
  end(plaintexts: readonly RankedPlaintext[]): { readonly digest: string; readonly rows: number };
  /** Closes the file without completing it (after an error: the caller removes it). */
  abort(): void;
}

/**
 * Opens `path` (created or truncated) for the `decryptions.json` of `contestId`.
 * @param w - decryptions per row (checked on every row written)
 */
export function decryptionsFileWriter(path: string, contestId: string, w: number): DecryptionsFileWriter {
  const h = createHash('sha256');
  const fd = openSync(path, 'w');
  let open = true;
  let rows = 0;
  const write = (text: string) => {
    const b = Buffer.from(text, 'utf8');
    h.update(b);
    for (let at = 0; at < b.length;) at += writeSync(fd, b, at);
  };
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const head = JSON.stringify({
    format: RANKED_FORMATS[DECRYPTIONS_FILE],
    version: RANKED_FILE_VERSION,
    contestId,
    method: 'threshold',
  });
  try {
    write(`${head.slice(0, -1)},"rows":[`);
  } catch (e) {
    close();
    throw e;
  }
  return {
    addRows(batch) {
      if (batch.length === 0) return;
      batch.forEach((r, i) => {
        if (r.length !== w) throw new RangeError(`rows[${rows + i}]: ${r.length} decryptions, not w = ${w}`);
      });
      write((rows > 0 ? ',' : '') + batch.map((r) => JSON.stringify(r)).join(','));
      rows += batch.length;
    },
    end(plaintexts) {
      if (plaintexts.length !== rows)
        throw new RangeError(`${plaintexts.length} plaintexts for ${rows} rows`);
      write('],"plaintexts":[');
      for (let at = 0; at < plaintexts.length; at += TEXT_BATCH)
        write(
          (at > 0 ? ',' : '') +
            plaintexts
              .slice(at, at + TEXT_BATCH)
              .map((p) => JSON.stringify(p))
              .join(','),
        );
      write(']}\n');
      close();
      return { digest: h.digest('hex').toUpperCase(), rows };
    },
    abort: close,
  };
}
