/**
 * The views of the record's ballot lines that L3.B–L3.D compare with the board
 * (./record-lines.ts): made the same from a parsed line or its text, never throwing on bad data,
 * and kept in the ballot pass's order whatever order its chunks come back in.
 */
import { describe, expect, it } from 'vitest';
import { ballotContent } from './log-summary.js';
import { recordLineOf, recordLineOfText, recordLinesTable } from './record-lines.js';

const CODE = 'AB'.repeat(32);
const ballot = (code: string, state: unknown = 'cast') => ({
  code,
  style: 's1',
  state,
  contests: [{ label: 'c1', selections: [{ alpha: 'ab01', beta: 'CD02' }] }],
});

describe('record line views (L3.B–L3.D)', () => {
  it('carry the upper-case code, the content digest and the state, the same from text', () => {
    const b = ballot(CODE.toLowerCase(), 'superseded');
    const v = recordLineOf(b);
    expect(v.code).toBe(CODE);
    expect(Buffer.from(v.content).equals(ballotContent(b))).toBe(true);
    expect(v.state).toBe('superseded');
    const t = recordLineOfText(JSON.stringify(b))!;
    expect([t.code, Buffer.from(t.content).toString('hex'), t.state]).toEqual([
      v.code,
      Buffer.from(v.content).toString('hex'),
      v.state,
    ]);
    // the state is not part of what the ballot says
    expect(Buffer.from(recordLineOf(ballot(CODE, 'cast')).content).equals(v.content)).toBe(true);
  });

  it('never throw: a line that is not JSON is null, one that is not canonical JSON gets no digest', () => {
    expect(recordLineOfText('{"code":')).toBeNull();
    expect(recordLineOfText('null')?.code).toBe('UNDEFINED');
    const odd = recordLineOfText(JSON.stringify({ ...ballot(CODE), style: 1.5 }))!;
    expect(odd.code).toBe(CODE);
    expect([...odd.content]).toEqual(new Array(32).fill(0));
  });

  it('are kept in the order of the chunks as submitted, with odd codes and states as they are', () => {
    const t = recordLinesTable();
    const code = (k: number) => k.toString(16).toUpperCase().padStart(64, '0');
    const v = (k: number, state: unknown = 'cast') => recordLineOf(ballot(code(k), state));
    t.openDevice(0);
    t.closeDevice(3);
    t.openDevice(2); // device 1 had no file
    t.closeDevice(2);
    // chunk 1 comes back before chunk 0
    t.add(1, [v(3, 'challenged'), recordLineOf(ballot('not-hex', ['cast']))]);
    expect(() => t.done()).toThrow(RangeError);
    t.add(0, [v(0), null, v(2, 'cancelled')]);
    const table = t.done();
    expect([...table.devices()]).toEqual([
      { device: 0, base: 0, count: 3 },
      { device: 2, base: 3, count: 2 },
    ]);
    expect(table.at(0)?.code).toBe(code(0));
    expect(table.at(1)).toBeNull();
    expect([table.at(2)?.state, table.at(3)?.state, table.at(3)?.code]).toEqual([
      'cancelled',
      'challenged',
      code(3),
    ]);
    expect(table.at(4)?.code).toBe('NOT-HEX');
    expect(table.at(4)?.state).toEqual(['cast']);
    expect(Buffer.from(table.at(3)!.content).equals(v(3).content)).toBe(true);
    expect(Buffer.from(table.codeKey(3)).toString('hex').toUpperCase()).toBe(code(3));
  });
});
