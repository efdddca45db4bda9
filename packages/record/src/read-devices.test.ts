import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICES_FILE } from './layout.js';
import { RecordReadError, readRecordJson } from './read.js';
import { readDevices } from './read-devices.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const withDevices = (text: string): string => {
  const d = mkdtempSync(join(tmpdir(), 'evident-read-devices-'));
  dirs.push(d);
  writeFileSync(join(d, DEVICES_FILE), text);
  return d;
};
const hash = (i: number): string => i.toString(16).toUpperCase().padStart(64, '0');
const device = (i: number, extra = '') => ({
  label: `online-${hash(i).toLowerCase()}${extra}`,
  closingHash: hash(i),
});

/** What each reader gives: the devices, or the error's file, field and detail. */
function outcome(read: () => unknown[]): unknown {
  try {
    return { devices: read() };
  } catch (e) {
    if (!(e instanceof RecordReadError)) throw e;
    return { file: e.file, field: e.field, detail: e.detail.replace(/ \(.*\)$/, '') };
  }
}
const both = (dir: string) => ({
  streamed: outcome(() => [...readDevices(dir)]),
  whole: outcome(() => readRecordJson<{ devices: unknown[] }>(dir, DEVICES_FILE, 'devices').devices),
});

describe('readDevices: devices.json device by device, as readRecordJson reads it whole', () => {
  it('reads 30,000 devices across many 1 MiB pieces, indented or not, in order', () => {
    const list = Array.from({ length: 30_000 }, (_, i) => device(i));
    for (const text of [JSON.stringify({ devices: list }, null, 2), JSON.stringify({ devices: list })]) {
      const got = [...readDevices(withDevices(text))];
      expect(got).toEqual(list);
    }
  });

  it('reads an empty list and strings holding brackets, braces and escaped quotes', () => {
    expect([...readDevices(withDevices('{ "devices" : [ ] }\n'))]).toEqual([]);
    const odd = { label: 'a{b}[c]"d\\e', closingHash: hash(1) };
    const r = both(withDevices(JSON.stringify({ devices: [device(0), odd] })));
    expect(r.streamed).toEqual(r.whole);
  });

  it('refuses what readRecordJson refuses, naming the same field', () => {
    const bad = [
      JSON.stringify({ devices: [device(0), { label: 'x', closingHash: 'XY' }] }), // off-schema item
      JSON.stringify({ devices: [device(0), { label: 'x' }] }), // missing field
      JSON.stringify({ devices: [device(0)], other: 1 }), // extra top-level field
      JSON.stringify({ devices: [device(0), 5] }), // not an object
      '{"devices":[' + JSON.stringify(device(0)) + ',]}', // trailing comma
      '{"devices":[' + JSON.stringify(device(0)) + ' ' + JSON.stringify(device(1)) + ']}', // no comma
      '{"devices":[' + JSON.stringify(device(0)).slice(0, -1), // cut short
      '{"devices":[{"label":"a","closingHash":"' + hash(0) + '"}]} x', // trailing text
      '[]',
      '',
    ];
    for (const text of bad) {
      const r = both(withDevices(text));
      expect(r.whole).toHaveProperty('file', DEVICES_FILE);
      expect(r.streamed).toEqual(r.whole);
    }
  });

  it('names the device of an off-schema item by its place in the file', () => {
    const list = [device(0), device(1), { label: device(2).label, closingHash: 'nothex' }];
    const r = both(withDevices(JSON.stringify({ devices: list })));
    expect(r.streamed).toMatchObject({ field: 'devices[2].closingHash' });
    expect(r.streamed).toEqual(r.whole);
  });

  it('gives the general shape (a key with an escape) through the whole-file reader', () => {
    const text = '{"\\u0064evices":' + JSON.stringify([device(0), device(1)]) + '}';
    expect([...readDevices(withDevices(text))]).toEqual([device(0), device(1)]);
  });

  it('reports a missing file', () => {
    const d = mkdtempSync(join(tmpdir(), 'evident-read-devices-'));
    dirs.push(d);
    expect(() => [...readDevices(d)]).toThrow(/devices\.json: file is missing/);
  });
});
