/**
 * The rows of a ranked contest's inputs.json that L3.G compares with the board
 * (./inputs-rows.ts): the digests the board side uses, and no throw on bad data.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hexDigestOf } from '../log/log-summary.js';
import { inputsRowsOf, readInputsRows } from './inputs-rows.js';

describe('rows of inputs.json (L3.G)', () => {
  it('give each id in upper case and the digest of the row without it', () => {
    const row = { row: [{ alpha: 'ab', beta: 'CD' }], proofs: [] };
    const r = inputsRowsOf({ ballots: [{ id: 'ab12', ...row }, null] });
    expect(r).toEqual({
      kind: 'rows',
      ids: ['AB12', 'UNDEFINED'],
      digests: [hexDigestOf(row), hexDigestOf({})],
    });
  });

  it('tell a ballots member that is not an array, and a row that is not canonical JSON', () => {
    expect(inputsRowsOf({ ballots: {} })).toEqual({ kind: 'not-array' });
    expect(inputsRowsOf(5)).toEqual({ kind: 'not-array' });
    expect(inputsRowsOf(null)).toBeUndefined();
    const r = inputsRowsOf({ ballots: [{ id: 'A', x: 1.5 }] });
    expect(r?.kind === 'rows' && r.digests.at(0)).toBe('not canonical JSON');
  });

  it('are read from the record when no ranked task made them; undefined when not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-inputs-rows-'));
    try {
      mkdirSync(join(dir, 'ranked', 'mayor'), { recursive: true });
      writeFileSync(join(dir, 'ranked', 'mayor', 'inputs.json'), JSON.stringify({ ballots: [{ id: 'b' }] }));
      expect(readInputsRows(dir, 'mayor')).toEqual({ kind: 'rows', ids: ['B'], digests: [hexDigestOf({})] });
      writeFileSync(join(dir, 'ranked', 'mayor', 'inputs.json'), '{');
      expect(readInputsRows(dir, 'mayor')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
