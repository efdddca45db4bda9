/**
 * The challenged ballots' ciphertexts that the ballot pass hands on to steps 12–14
 * (spec/verification.md §0.3.3), packed as bytes in pages rather than kept as objects of hex
 * strings: a million-ballot record's 10,000 challenged ballots took about 29 MB of the main
 * thread's heap as objects (and V8 let that heap grow to several times its live data), about
 * 10 MB of pages off the heap as bytes. The set is plain data (pages of bytes), so it crosses to
 * the worker that checks steps 12–14 as it is.
 *
 * An entry: its length (4 bytes), then the code, the location, the number of contests and, for
 * each, its label, index, number of selections, each selection's α and β, and the contest data's
 * c0, c1, c2. A string is a tag byte (0: UTF-8 text, 1: lower-case hex, 2: upper-case hex, as
 * its bytes), a length and its bytes, so that every string comes back exactly as it was.
 * @module
 */
import { Buffer } from 'node:buffer';
import type { ChallengedCiphertexts } from './check-chunk.js';

/** The packed set: plain data, structured-clone friendly. */
export interface ChallengedSet {
  /** Number of entries. */
  readonly count: number;
  /** The entries, in the order they were added, none across two pages. */
  readonly pages: readonly Uint8Array[];
}

/** A set being filled. */
export interface ChallengedSetBuilder {
  add(c: ChallengedCiphertexts): void;
  /** The set so far (its pages are the builder's: add nothing after sending it). */
  done(): ChallengedSet;
}

const PAGE_BYTES = 1 << 18;
const TEXT = 0;
const LOWER_HEX = 1;
const UPPER_HEX = 2;
const LOWER = /^(?:[0-9a-f]{2})*$/;
const UPPER = /^(?:[0-9A-F]{2})*$/;

/** Writes what an entry holds into bytes (grown as needed). */
class Writer {
  buf = Buffer.allocUnsafe(4096);
  at = 0;
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + n));
    this.buf.copy(b, 0, 0, this.at);
    this.buf = b;
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.at);
    this.at += 4;
  }
  str(s: string): void {
    const tag = LOWER.test(s) ? LOWER_HEX : UPPER.test(s) ? UPPER_HEX : TEXT;
    const n = tag === TEXT ? Buffer.byteLength(s, 'utf8') : s.length / 2;
    this.room(5 + n);
    this.buf[this.at++] = tag;
    this.buf.writeUInt32LE(n, this.at);
    this.at += 4;
    this.at += this.buf.write(s, this.at, n, tag === TEXT ? 'utf8' : 'hex');
  }
}

/** Reads an entry's values in the order they were written. */
class Reader {
  constructor(
    private readonly b: Buffer,
    private at: number,
  ) {}
  u32(): number {
    const v = this.b.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  str(): string {
    const tag = this.b[this.at++]!;
    const n = this.u32();
    const s = this.b.toString(tag === TEXT ? 'utf8' : 'hex', this.at, this.at + n);
    this.at += n;
    return tag === UPPER_HEX ? s.toUpperCase() : s;
  }
}

/** An empty set to fill. */
export function challengedSetBuilder(): ChallengedSetBuilder {
  const pages: Uint8Array[] = [];
  let page: Uint8Array | undefined;
  let used = 0;
  let count = 0;
  const w = new Writer();
  return {
    add(c) {
      w.at = 0;
      w.u32(0); // the entry's length, set below
      w.str(c.code);
      w.str(c.location);
      w.u32(c.contests.length);
      for (const k of c.contests) {
        w.str(k.label);
        w.u32(k.index);
        w.u32(k.selections.length);
        for (const s of k.selections) {
          w.str(s.alpha);
          w.str(s.beta);
        }
        w.str(k.contestData.c0);
        w.str(k.contestData.c1);
        w.str(k.contestData.c2);
      }
      w.buf.writeUInt32LE(w.at, 0);
      if (!page || used + w.at > page.length) {
        page = new Uint8Array(Math.max(PAGE_BYTES, w.at));
        pages.push(page);
        used = 0;
      }
      page.set(w.buf.subarray(0, w.at), used);
      used += w.at;
      count++;
    },
    done: () => ({ count, pages: pages.map((p, i) => (i === pages.length - 1 ? p.subarray(0, used) : p)) }),
  };
}

/** Every entry of `set` in order: its code and location, and the whole entry when asked. */
export function* challengedEntries(
  set: ChallengedSet,
): Generator<{ code: string; location: string; read(): ChallengedCiphertexts }> {
  let left = set.count;
  for (const p of set.pages) {
    const b = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    for (let at = 0; left > 0 && at + 4 <= b.length; left--) {
      const len = b.readUInt32LE(at);
      if (len === 0) break; // the unused end of a page
      const start = at + 4;
      const r = new Reader(b, start);
      const code = r.str();
      const location = r.str();
      yield {
        code,
        location,
        read: () => {
          const again = new Reader(b, start);
          again.str();
          again.str();
          return readRest(again, code, location);
        },
      };
      at += len;
    }
  }
}

function readRest(r: Reader, code: string, location: string): ChallengedCiphertexts {
  const contests: ChallengedCiphertexts['contests'][number][] = [];
  for (let k = r.u32(); k > 0; k--) {
    const label = r.str();
    const index = r.u32();
    const selections: { alpha: string; beta: string }[] = [];
    for (let j = r.u32(); j > 0; j--) selections.push({ alpha: r.str(), beta: r.str() });
    contests.push({ label, index, selections, contestData: { c0: r.str(), c1: r.str(), c2: r.str() } });
  }
  return { code, location, contests };
}
