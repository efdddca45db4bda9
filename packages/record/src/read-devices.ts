/**
 * `devices.json` read device by device (spec/record.md §5.4): a record in the export layout has a
 * device per online credential (§5.5), so the file of a million-voter election is over 100 MB and
 * its parsed objects several hundred more. {@link readDevices} reads it in 1 MiB pieces and parses
 * and checks one device at a time against the schema's item, naming `devices[i].field` as
 * `readRecordJson` would; anything but the plain shape `{"devices": [{…}, …]}` (any whitespace)
 * is handed to `readRecordJson` whole, so a file is accepted or refused exactly as before.
 * @module
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { DevicesJson } from './json-types.js';
import { DEVICES_FILE } from './layout.js';
import { RecordReadError, readRecordJson } from './read.js';
import { schemaProblem } from './schemas.js';

/** One device of `devices.json`. */
export type DeviceEntry = DevicesJson['devices'][number];

const PIECE = 1 << 20;
const BATCH = 1024;
const PREFIX = /^\s*\{\s*"devices"\s*:\s*\[/;
const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

/** A file read in pieces: `text` from `pos` on is unread; `more()` appends the next piece. */
function pieces(path: string): { text: string; pos: number; more(): boolean; close(): void } {
  const fd = openSync(path, 'r');
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.alloc(PIECE);
  const r = {
    text: '',
    pos: 0,
    more(): boolean {
      const n = readSync(fd, buf, 0, PIECE, null);
      const s = n > 0 ? decoder.write(buf.subarray(0, n)) : decoder.end();
      r.text = r.text.slice(r.pos) + s;
      r.pos = 0;
      return n > 0 || s.length > 0;
    },
    close: () => closeSync(fd),
  };
  return r;
}

/** Not the plain shape: the whole-file reader decides (it throws for a bad file). */
class NotPlain extends Error {}

/**
 * The devices of `dir/devices.json`, in file order.
 * @throws {RecordReadError} when the file is missing, unreadable, malformed or off-schema
 */
export function* readDevices(dir: string): Generator<DeviceEntry> {
  const path = join(dir, DEVICES_FILE);
  if (!existsSync(path)) throw new RecordReadError(DEVICES_FILE, '', 'file is missing');
  let count = 0;
  let f: ReturnType<typeof pieces>;
  try {
    f = pieces(path);
  } catch (e) {
    throw new RecordReadError(
      DEVICES_FILE,
      '',
      `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    for (const d of plainDevices(f)) {
      yield d;
      count++;
    }
    return;
  } catch (e) {
    if (!(e instanceof NotPlain)) throw e;
  } finally {
    f.close();
  }
  // the general case: parsed whole; the devices already given are not given again
  const all = readRecordJson<DevicesJson>(dir, DEVICES_FILE, 'devices').devices;
  if (all.length < count)
    throw new RecordReadError(DEVICES_FILE, 'devices', 'the device list is given more than once');
  for (let i = count; i < all.length; i++) yield all[i]!;
}

/** The devices of a file of the plain shape; {@link NotPlain} at anything else. */
function* plainDevices(f: ReturnType<typeof pieces>): Generator<DeviceEntry> {
  while (f.text.length < 64 && f.more());
  const m = PREFIX.exec(f.text);
  if (!m) throw new NotPlain();
  f.pos = m[0].length;
  /** The next character that is not white space, reading more as needed; -1 at the end. */
  const next = (): number => {
    for (;;) {
      while (f.pos < f.text.length && WS.has(f.text.charCodeAt(f.pos))) f.pos++;
      if (f.pos < f.text.length) return f.text.charCodeAt(f.pos);
      if (!f.more()) return -1;
    }
  };
  // parsed and checked BATCH at a time: one schema check per batch costs far less than one per device
  let texts: string[] = [];
  let first = 0;
  let c = next();
  if (c === 0x5d /* ] */) f.pos++;
  else {
    for (;;) {
      if (c !== 0x7b /* { */) throw new NotPlain();
      texts.push(objectText(f));
      c = next();
      f.pos++;
      if (c !== 0x5d && c !== 0x2c /* , */) throw new NotPlain();
      if (c === 0x5d || texts.length === BATCH) {
        yield* checked(texts, first);
        first += texts.length;
        texts = [];
      }
      if (c === 0x5d) break;
      c = next();
    }
  }
  if (next() !== 0x7d /* } */) throw new NotPlain();
  f.pos++;
  if (next() !== -1) throw new NotPlain();
}

/** The text of the JSON object that starts at `f.pos`, which moves past it. */
function objectText(f: ReturnType<typeof pieces>): string {
  let depth = 0;
  let inString = false;
  let i = f.pos;
  for (;;) {
    if (i >= f.text.length) {
      const rel = i - f.pos; // more() drops the text before f.pos
      if (!f.more()) throw new NotPlain();
      i = rel;
      continue;
    }
    const ch = f.text.charCodeAt(i++);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) depth++;
    else if (ch === 0x7d || ch === 0x5d) {
      if (--depth === 0) {
        const s = f.text.slice(f.pos, i);
        f.pos = i;
        return s;
      }
    }
  }
}

/** Devices `first`… of the file, parsed and checked against the schema. */
function checked(texts: readonly string[], first: number): DeviceEntry[] {
  let list: unknown;
  try {
    list = JSON.parse(`[${texts.join(',')}]`);
  } catch {
    throw new NotPlain(); // the whole-file reader names the position
  }
  const problem = schemaProblem('devices', { devices: list });
  if (problem) {
    const where = problem.where.replace(
      /^devices\[(\d+)\]/,
      (_, k: string) => `devices[${first + Number(k)}]`,
    );
    throw new RecordReadError(DEVICES_FILE, where, problem.message);
  }
  return list as DeviceEntry[];
}
