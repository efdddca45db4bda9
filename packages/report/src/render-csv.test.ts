import { describe, expect, it } from 'vitest';
import { parseCsv } from '../test/read-back.js';
import { csvField } from './render-csv.js';

describe('csvField (RFC 4180, formula-safe)', () => {
  it('writes counts as digits and null as an empty field', () => {
    expect([csvField(0), csvField(12), csvField(-1), csvField(null)]).toEqual(['0', '12', '-1', '']);
  });

  it('prefixes with an apostrophe every text a spreadsheet would run as a formula', () => {
    for (const t of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(csvField(t).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('a=b')).toBe('a=b');
  });

  it('quotes a field with a quote, comma or line break, doubling its quotes, and reads back', () => {
    const texts = ['say "yes", then', 'two\nlines', 'cr\r\nlf', 'plain', '', '=cmd|"/c calc"!A1'];
    const line = texts.map(csvField).join(',');
    expect(csvField('say "yes", then')).toBe('"say ""yes"", then"');
    expect(parseCsv(line)).toEqual([texts.map((t) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t))]);
  });
});
