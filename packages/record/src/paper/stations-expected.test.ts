/** stationsExpected: keyed stations, less the excluded ones that did not report. */
import { describe, expect, it } from 'vitest';
import { stationsExpected } from './stations-expected.js';

describe('stationsExpected', () => {
  it('keyed stations are expected; a station without a key is not, even with a sheet', () => {
    expect(stationsExpected(['S1', 'S2'], new Set(), new Set(['S3']))).toEqual(['S1', 'S2']);
  });

  it('an excluded station is not expected, unless its sheet came after all', () => {
    expect(stationsExpected(['S1', 'S2', 'S3'], new Set(['S2', 'S3']), new Set(['S3']))).toEqual([
      'S1',
      'S3',
    ]);
  });

  it('a station registered twice counts once', () => {
    expect(stationsExpected(['S1', 'S1'], new Set(), new Set())).toEqual(['S1']);
  });
});
