/**
 * The digests of a mix stage computed over its files (./mix-chain-files.ts) without holding it:
 * SHA-256 of the canonical JSON (RFC 8785) of the stage's JSON form of spec/mixnet.md §1.2, §4.4
 * (`{outputs, proof}` with hex in upper case), produced piece by piece in the canonical member
 * order and fed to the hash a chunk of rows at a time. The files determine the JSON form uniquely
 * (element encodings and 32-byte scalars as upper-case hex), so these are the very digests of
 * the in-memory form: the guardian's signature (content `{outputs, proof}`, spec/key-ceremony.md
 * §13) and the board's `mix-stage` entry (`{mixer, guardian, outputs, proof, signature}`, L3.I)
 * are checked against the files unchanged. Node only.
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { canonicalJsonString } from '@evident/e2e-crypto';
import { type ShufflePaths, shufflePaths } from '@evident/e2e-crypto/mixnet-parallel';
import { type ChainStageJson, stageFiles } from './mix-chain-files.js';

/** Rows hashed per read. */
const CHUNK_ROWS = 4096;

/** Where the canonical JSON goes, piece by piece: a hash, or a file (./stage-json-file.ts). */
export interface JsonSink {
  update(text: string): unknown;
}

/** A member whose canonical JSON is written piece by piece. */
type Piece = (h: JsonSink) => void;
const isPiece = (v: unknown): v is Piece => typeof v === 'function';

/**
 * Writes an object in canonical member order (UTF-16 code units), values JSON or pieces (a
 * function writing its member's canonical JSON).
 */
export function writeObject(h: JsonSink, members: Readonly<Record<string, unknown>>): void {
  const keys = Object.keys(members)
    .filter((k) => members[k] !== undefined)
    .sort();
  h.update('{');
  keys.forEach((k, i) => {
    h.update(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
    const v = members[k];
    if (isPiece(v)) v(h);
    else h.update(canonicalJsonString(v));
  });
  h.update('}');
}

/** Calls `f` with consecutive blocks of whole records of `recordBytes` bytes of the file. */
function forRecords(path: string, recordBytes: number, f: (b: Buffer, n: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(recordBytes * CHUNK_ROWS);
    let pos = 0;
    for (;;) {
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      const whole = Math.floor(got / recordBytes);
      if (whole > 0) f(buf, whole);
      if (got < buf.length) return; // a trailing part record is not JSON of anything: left out
      pos += got;
    }
  } finally {
    closeSync(fd);
  }
}

const hex = (b: Buffer, from: number, to: number): string => b.toString('hex', from, to).toUpperCase();

/** A JSON array of upper-case hex strings, one per record of the file. */
function hexArray(path: string, bytes: number): Piece {
  return (h) => {
    let first = true;
    h.update('[');
    forRecords(path, bytes, (b, n) => {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(`"${hex(b, i * bytes, (i + 1) * bytes)}"`);
      h.update((first ? '' : ',') + parts.join(','));
      first = false;
    });
    h.update(']');
  };
}

/** The outputs: N rows of w ciphertexts `{"alpha":…,"beta":…}`. */
function rowsArray(path: string, L: number, w: number): Piece {
  return (h) => {
    let first = true;
    h.update('[');
    forRecords(path, 2 * w * L, (b, n) => {
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const cts: string[] = [];
        for (let k = 0; k < w; k++) {
          const x = (i * w + k) * 2 * L;
          cts.push(`{"alpha":"${hex(b, x, x + L)}","beta":"${hex(b, x + L, x + 2 * L)}"}`);
        }
        rows.push(`[${cts.join(',')}]`);
      }
      h.update((first ? '' : ',') + rows.join(','));
      first = false;
    });
    h.update(']');
  };
}

/** Upper-case copy of a small JSON value's strings (a stage's proof head: all its strings are hex). */
export const upperCaseStrings = (v: unknown): unknown =>
  typeof v === 'string'
    ? v.toUpperCase()
    : Array.isArray(v)
      ? v.map(upperCaseStrings)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, upperCaseStrings(x)]))
        : v;

/** The members `outputs` and `proof` of stage j, as pieces. */
function stageBody(chainDir: string, j: number, L: number, w: number): Record<string, unknown> {
  const { dir, paths } = stageFiles(chainDir, j);
  return stageDirBody(dir, paths, L, w);
}

/**
 * The members `outputs` and `proof` of the stage whose files are in `dir` (§7.5 names; its inputs
 * are not read), as pieces for {@link writeObject}.
 * @throws {Error} when the head is missing or not JSON
 */
export function stageDirBody(
  dir: string,
  paths: ShufflePaths,
  L: number,
  w: number,
): Record<string, unknown> {
  const head = upperCaseStrings(JSON.parse(readFileSync(`${dir}/proof-head.json`, 'utf8'))) as Record<
    string,
    unknown
  >;
  const p = (f: keyof ShufflePaths) => paths[f];
  const proof: Record<string, unknown> = {
    c: hexArray(p('c'), L),
    cHat: hexArray(p('cHat'), L),
    tHat: hexArray(p('tHat'), L),
    sHat: hexArray(p('sHat'), 32),
    sPrime: hexArray(p('sPrime'), 32),
  };
  for (const k of ['t1', 't2', 't3', 't4', 's1', 's2', 's3', 's4']) proof[k] = head[k];
  return { outputs: rowsArray(p('outputs'), L, w), proof: (h: JsonSink) => writeObject(h, proof) };
}

/**
 * SHA-256 of the canonical JSON of `{outputs, proof}` of the stage in `dir` (a folder of the files
 * of spec/mixnet.md §7.5, e.g. the one `evident-trustee mix` proves into): the content its
 * guardian signs.
 * @throws {Error} as {@link stageContentSha256}
 */
export function stageDirContentSha256(dir: string, L: number, w: number): Uint8Array {
  const h = createHash('sha256');
  writeObject(h, stageDirBody(dir, shufflePaths(dir), L, w));
  return new Uint8Array(h.digest());
}

/**
 * SHA-256 of the canonical JSON of stage j's `{outputs, proof}`: the content its guardian signs.
 * @param L - the group's element length in bytes
 * @throws {Error} when a file of the stage is missing or its head is not JSON (the caller names it)
 */
export function stageContentSha256(chainDir: string, j: number, L: number, w: number): Uint8Array {
  const h = createHash('sha256');
  writeObject(h, stageBody(chainDir, j, L, w));
  return new Uint8Array(h.digest());
}

/**
 * SHA-256 (hex) of the canonical JSON of the whole stage `{mixer, guardian, outputs, proof,
 * signature}` as the board's `mix-stage` entry holds it (L3.I).
 * @throws {Error} as {@link stageContentSha256}
 */
export function stageEntryDigest(
  chainDir: string,
  j: number,
  L: number,
  w: number,
  meta: ChainStageJson,
): string {
  const h = createHash('sha256');
  writeObject(h, {
    ...stageBody(chainDir, j, L, w),
    mixer: meta.mixer,
    guardian: meta.guardian,
    signature: meta.signature,
  });
  return h.digest('hex');
}
