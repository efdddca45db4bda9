/**
 * The board's `ballot` and `challenged-ballot` entries as L3 needs them (spec/bulletin-board.md
 * §6): log index, credential, state, the digest of what the ballot says, its confirmation code and
 * the digests of its ranked rows — in columns of typed arrays, one ordinal per entry in log order
 * (about 100 bytes a ballot; as objects in maps, over 600: spec/verification.md §0.3.3).
 * @module
 */
import { Buffer } from 'node:buffer';
import { byteKeyTable, hexKey } from '../compact/byte-keys.js';
import { Bytes32Column, byteColumn, int32Column } from '../compact/columns.js';

/** A ballot entry to add. */
export interface BoardBallotInput {
  readonly index: number;
  readonly challenged: boolean;
  /** its credential's ordinal (./credential-table.ts) */
  readonly credential: number;
  /** the confirmation code, upper case */
  readonly code: string;
  /** SHA-256 of what the ballot says (`ballotContentDigest`) */
  readonly content: Uint8Array;
  /** SHA-256 of each ranked row, in manifest order */
  readonly ranked?: readonly Uint8Array[];
}

const CHALLENGED = 1;
const SUPERSEDED = 2;
const SEEN = 4;
const RANKED = 8;

/** The ballot entries of the board, by ordinal (log order). */
export interface BoardBallots {
  readonly size: number;
  /** Adds a ballot; true when its code was on the board already (the new one then owns the code). */
  add(b: BoardBallotInput): boolean;
  /** The ballot that owns `code` (upper case): the last with it; -1 for none. */
  byCode(code: string): number;
  /** {@link BoardBallots.byCode} by the code's key, `hexKey(code, 'code')`. */
  byCodeKey(key: Uint8Array): number;
  /** The ballot at log index `index`, or -1. */
  atIndex(index: number): number;
  index(o: number): number;
  credential(o: number): number;
  challenged(o: number): boolean;
  superseded(o: number): boolean;
  markSuperseded(o: number): void;
  /** Seen in the record's ballot files (L3.B). */
  seen(o: number): boolean;
  markSeen(o: number): void;
  /** The next cast ballot of the same credential, or -1 (L3.C). */
  nextCast(o: number): number;
  /** True when `digest` is the digest of what ballot `o` says. */
  contentIs(o: number, digest: Uint8Array): boolean;
  /** The confirmation code, upper case. */
  code(o: number): string;
  /** The digests of its ranked rows, hex as `digestOf` gives them; undefined when it has none. */
  ranked(o: number): string[] | undefined;
  /** The ballots that own their code, in order of first appearance of the code. */
  owners(): Iterable<number>;
}

/** A new, empty list. */
export function boardBallots(): BoardBallots {
  const index = int32Column();
  const credential = int32Column();
  const flags = byteColumn();
  const next = int32Column(-1);
  const codeOf = int32Column(); // ballot → code ordinal
  const content = new Bytes32Column();
  const rankedStart = int32Column(); // ballot → its first digest in `rows`
  const rows = new Bytes32Column();
  const codes = byteKeyTable();
  const owner = int32Column(); // code ordinal → ballot
  const oddCodes = new Map<number, string>(); // codes that are not 64 upper-case hex digits
  const lastCast = int32Column(-1); // credential → its last cast ballot so far
  const setFlag = (o: number, f: number): void => flags.set(o, flags.at(o) | f);
  const has = (o: number, f: number): boolean => (flags.at(o) & f) !== 0;
  return {
    get size() {
      return index.length;
    },
    add(b) {
      const o = index.push(b.index);
      credential.push(b.credential);
      flags.push((b.challenged ? CHALLENGED : 0) | (b.ranked ? RANKED : 0));
      content.push(b.content);
      rankedStart.push(rows.length);
      for (const r of b.ranked ?? []) rows.push(r);
      const before = codes.size;
      const c = codes.intern(hexKey(b.code, 'code'));
      if (c === before && !/^[0-9A-F]{64}$/.test(b.code)) oddCodes.set(c, b.code);
      codeOf.push(c);
      owner.set(c, o);
      if (!b.challenged) {
        const prev = lastCast.at(b.credential);
        if (prev >= 0) next.set(prev, o);
        lastCast.set(b.credential, o);
      }
      return c < before;
    },
    byCode(code) {
      const c = codes.find(hexKey(code, 'code'));
      return c < 0 ? -1 : owner.at(c);
    },
    byCodeKey(key) {
      const c = codes.find(key);
      return c < 0 ? -1 : owner.at(c);
    },
    atIndex(i) {
      let lo = 0;
      let hi = index.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = index.at(mid);
        if (v === i) return mid;
        if (v < i) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
    index: (o) => index.at(o),
    credential: (o) => credential.at(o),
    challenged: (o) => has(o, CHALLENGED),
    superseded: (o) => has(o, SUPERSEDED),
    markSuperseded: (o) => setFlag(o, SUPERSEDED),
    seen: (o) => has(o, SEEN),
    markSeen: (o) => setFlag(o, SEEN),
    nextCast: (o) => next.at(o),
    contentIs: (o, d) => content.equals(o, d),
    code(o) {
      const c = codeOf.at(o);
      return oddCodes.get(c) ?? Buffer.from(codes.keyAt(c)).toString('hex').toUpperCase();
    },
    ranked(o) {
      if (!has(o, RANKED)) return undefined;
      const end = o + 1 < index.length ? rankedStart.at(o + 1) : rows.length;
      const out: string[] = [];
      for (let k = rankedStart.at(o); k < end; k++) out.push(Buffer.from(rows.at(k)).toString('hex'));
      return out;
    },
    *owners() {
      for (let c = 0; c < codes.size; c++) yield owner.at(c);
    },
  };
}
