/**
 * The station's suites for `npm run bench`: the shape scripts/bench.js reads (name, description,
 * run → rows), and the sheet suite's figures for the three sheet sizes of the issue.
 */
import { describe, expect, it } from 'vitest';
import { suites } from './bench.js';

describe('npm run bench suites of the polling station', () => {
  it('names sheet-qr, scan-decode and station-sync, each with a description', () => {
    expect(suites.map((s) => s.name)).toEqual(['sheet-qr', 'scan-decode', 'station-sync']);
    for (const s of suites) expect(s.description.length).toBeGreaterThan(20);
  });

  it('counts the codes of 10, 50 and 200 contests × 10 options, every code read back', async () => {
    const { rows } = await suites.find((s) => s.name === 'sheet-qr')!.run();
    expect(rows.map((r) => [r.contests, r['read back']])).toEqual([
      [10, 'yes'],
      [50, 'yes'],
      [200, 'yes'],
    ]);
    const codes = rows.map((r) => Number(r.codes));
    expect(codes[0]).toBeGreaterThan(0);
    expect(codes[2]).toBeGreaterThan(codes[0]!);
  });
});
