/**
 * L3.B–L3.D (spec/bulletin-board.md §6): every ballot line of the record is a ballot entry of the
 * board with the same content, and every ballot entry is in the record (L3.B), in the state the
 * board gives it (L3.C), in its credential's device file in log order (L3.D). The lines are
 * compared by their views (./record-lines.ts): those the ballot pass's workers made, or, without
 * a ballot pass, made here from the files.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BALLOTS_DIR, LOG_FILE, ballotFile, readDevices } from '@evident/record';
import { bytesEqual } from '@evident/e2e-crypto';
import { labelKey } from '../compact/byte-keys.js';
import { fileLines } from '../file-lines.js';
import type { Collector, LogSummary } from './log-summary.js';
import { type RecordLine, type RecordLines, recordLineOfText } from './record-lines.js';

/** A ballot line: where it is, its view (null: not JSON) and its code's key. */
interface Line {
  readonly lineNo: number;
  readonly view: RecordLine | null;
  readonly key?: Uint8Array;
}
/** A device's file and its lines. */
interface DeviceLines {
  readonly label: string;
  readonly lines: AsyncIterable<Line> | Iterable<Line>;
}

/**
 * L3.B–L3.D over the record's ballot lines.
 * @param table - the lines' views made by the ballot pass; without it the files are read here
 */
export async function checkBallotLines(
  dir: string,
  l3: Collector,
  log: LogSummary,
  table?: RecordLines,
): Promise<void> {
  const cancelled = new Set(
    (log.counted?.uncounted ?? []).filter((u) => u.reason === 'cancelled').map((u) => u.index),
  );
  const b = log.ballots;
  for (const d of table ? tableDevices(dir, table) : fileDevices(dir)) {
    const file = ballotFile(d.label);
    const device = labelKey(d.label);
    let prevIndex = -1;
    for await (const { lineNo, view, key } of d.lines) {
      const at = `${file}:${lineNo}`;
      l3.item();
      if (!view) continue; // 5.F reports it
      const { code } = view;
      const o = key ? b.byCodeKey(key) : b.byCode(code);
      if (o < 0) {
        l3.fail('L3.B', at, `ballot ${code.slice(0, 16)}… is not on the bulletin board`);
        continue;
      }
      const index = b.index(o);
      if (b.seen(o)) l3.fail('L3.B', at, `ballot ${code.slice(0, 16)}… appears twice in the record`);
      b.markSeen(o);
      if (!b.contentIs(o, view.content))
        l3.fail('L3.B', at, `ballot ${code.slice(0, 16)}… differs from its board entry ${index}`);
      const state = b.challenged(o)
        ? 'challenged'
        : cancelled.has(index)
          ? 'cancelled'
          : b.superseded(o)
            ? 'superseded'
            : 'cast';
      if (view.state !== state)
        l3.fail('L3.C', `${at} state`, `is "${String(view.state)}", the board says "${state}"`);
      const credential = b.credential(o);
      if (!bytesEqual(log.credentials.deviceKey(credential), device))
        l3.fail(
          'L3.D',
          at,
          `belongs to the device of credential ${log.credentials.short(credential)}…, not ${d.label.slice(0, 24)}…`,
        );
      if (index < prevIndex) l3.fail('L3.D', at, 'out of log order');
      prevIndex = index;
    }
  }
  for (const o of b.owners()) {
    if (!b.seen(o))
      l3.fail(
        'L3.B',
        `${LOG_FILE}:${b.index(o) + 1}`,
        `board ballot ${b.code(o).slice(0, 16)}… is missing from the record (${BALLOTS_DIR}/)`,
      );
  }
}

/** The devices of devices.json whose file exists, each with its lines read from the file. */
function* fileDevices(dir: string): Generator<DeviceLines> {
  for (const { label } of devicesOf(dir)) {
    const path = join(dir, ballotFile(label));
    if (!existsSync(path)) continue; // 7.H reports it
    yield { label, lines: viewsOf(path) };
  }
}

async function* viewsOf(path: string): AsyncGenerator<Line> {
  for await (const { lineNo, text } of fileLines(path)) yield { lineNo, view: recordLineOfText(text) };
}

/** The devices the ballot pass read, each with the views of its lines from `table`. */
function* tableDevices(dir: string, table: RecordLines): Generator<DeviceLines> {
  const labels = devicesOf(dir);
  let i = -1;
  let label = '';
  for (const { device, base, count } of table.devices()) {
    while (i < device) {
      const r = labels.next();
      if (r.done) return;
      i++;
      label = r.value.label;
    }
    yield { label, lines: tableLines(table, base, count) };
  }
}

function* tableLines(table: RecordLines, base: number, count: number): Generator<Line> {
  for (let k = 0; k < count; k++) {
    const view = table.at(base + k);
    yield { lineNo: k + 1, view, ...(view ? { key: table.codeKey(base + k) } : {}) };
  }
}

/**
 * The devices of devices.json, read one at a time; an unreadable or off-schema file ends the
 * list (the ballot pass reports it, or steps 1–4 failed before it ran).
 */
function* devicesOf(dir: string): Generator<{ label: string }> {
  const it = readDevices(dir);
  for (;;) {
    let r: IteratorResult<{ label: string }>;
    try {
      r = it.next();
    } catch {
      return;
    }
    if (r.done) return;
    yield r.value;
  }
}
