/**
 * What L3.B–L3.D (spec/bulletin-board.md §6) compare of each ballot line of the record with the
 * board: its confirmation code, the digest of what it says (`ballotContent`) and its state.
 *
 * The ballot pass's chunk workers, which parse every line anyway, make this view of each line
 * ({@link recordLineOf}) and the pass keeps it in a {@link RecordLines} table — about 70 bytes a
 * line, in columns — so that L3.B–L3.D compare digests without reading, parsing and hashing the
 * ballot files a second time on the main thread. Without a ballot pass (steps 1–4 failed, or
 * the board is checked alone) L3 reads the files and makes the same view here.
 * @module
 */
import { Buffer } from 'node:buffer';
import { hexKey } from '../compact/byte-keys.js';
import { Bytes32Column, byteColumn, int32Column } from '../compact/columns.js';
import { ballotContent, type Json } from './log-summary.js';

/** A ballot line as L3.B–L3.D see it. */
export interface RecordLine {
  /** `code`, upper case (String() of whatever the line has) */
  readonly code: string;
  /** {@link ballotContent} of the line; 32 zero bytes when it is not canonical JSON */
  readonly content: Uint8Array;
  /** `state` as the line has it (any JSON value) */
  readonly state: unknown;
}

const NO_DIGEST = new Uint8Array(32);

/** The view of a parsed ballot line; never throws. */
export function recordLineOf(ballot: Json): RecordLine {
  let content: Uint8Array;
  try {
    content = ballotContent(ballot);
  } catch {
    content = NO_DIGEST; // never a board entry's digest: L3.B names the line
  }
  return { code: String(ballot.code).toUpperCase(), content, state: ballot.state };
}

/** The view of a line of text; null when it is not a JSON object (5.F reports it). */
export function recordLineOfText(text: string): RecordLine | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  return recordLineOf((typeof v === 'object' && v !== null ? v : {}) as Json);
}

/** The states a line normally has, by their byte in the table; NOT_JSON and ODD are the others. */
const STATES = ['cast', 'challenged', 'superseded', 'cancelled'] as const;
const NOT_JSON = 254;
const ODD = 255;

/** The record's ballot lines, of every device file the ballot pass read. */
export interface RecordLines {
  /** The devices read, in devices.json order: their index there, first ordinal and line count. */
  devices(): Iterable<{ device: number; base: number; count: number }>;
  /** The line at `ordinal`, or null when it is not JSON. */
  at(ordinal: number): RecordLine | null;
  /** The 32-byte key (`hexKey(code, 'code')`) of the line's code, to look it up on the board. */
  codeKey(ordinal: number): Uint8Array;
}

/** The table as the ballot pass fills it. */
export interface RecordLinesBuilder {
  /** Opens device `device` (its index in devices.json, increasing). */
  openDevice(device: number): void;
  /** Closes the open device with `count` lines. */
  closeDevice(count: number): void;
  /**
   * The views of the lines of chunk number `seq` (0, 1, 2, … as the pass submits them), in line
   * order: chunks may arrive in any order, they are kept in the pass's.
   */
  add(seq: number, lines: readonly (RecordLine | null)[]): void;
  /** The table, once every chunk was added. */
  done(): RecordLines;
}

/** A new, empty table. */
export function recordLinesTable(): RecordLinesBuilder {
  const devIndex = int32Column();
  const devCount = int32Column();
  const codes = new Bytes32Column();
  const contents = new Bytes32Column();
  const states = byteColumn();
  const oddCodes = new Map<number, string>(); // codes that are not 64 upper-case hex digits
  const oddStates = new Map<number, unknown>();
  const waiting = new Map<number, readonly (RecordLine | null)[]>();
  let next = 0;
  const push = (line: RecordLine | null): void => {
    const o = states.length;
    if (!line) {
      codes.push(NO_DIGEST);
      contents.push(NO_DIGEST);
      states.push(NOT_JSON);
      return;
    }
    codes.push(hexKey(line.code, 'code'));
    if (!/^[0-9A-F]{64}$/.test(line.code)) oddCodes.set(o, line.code);
    contents.push(line.content);
    const s = STATES.indexOf(line.state as (typeof STATES)[number]);
    states.push(s >= 0 ? s : ODD);
    if (s < 0) oddStates.set(o, line.state);
  };
  const table: RecordLines = {
    *devices() {
      let base = 0;
      for (let k = 0; k < devIndex.length; k++) {
        const count = devCount.at(k);
        yield { device: devIndex.at(k), base, count };
        base += count;
      }
    },
    at(o) {
      const s = states.at(o);
      if (s === NOT_JSON) return null;
      return {
        code: oddCodes.get(o) ?? Buffer.from(codes.at(o)).toString('hex').toUpperCase(),
        content: contents.at(o),
        state: s === ODD ? oddStates.get(o) : STATES[s],
      };
    },
    codeKey: (o) => codes.at(o),
  };
  return {
    openDevice(device) {
      devIndex.push(device);
      devCount.push(0);
    },
    closeDevice(count) {
      devCount.set(devCount.length - 1, count);
    },
    add(seq, lines) {
      waiting.set(seq, lines);
      for (let w = waiting.get(next); w; w = waiting.get(next)) {
        waiting.delete(next++);
        for (const l of w) push(l);
      }
    },
    done() {
      if (waiting.size > 0) throw new RangeError('record lines: a chunk is missing');
      return table;
    },
  };
}
