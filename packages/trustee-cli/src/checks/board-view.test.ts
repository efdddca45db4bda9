/**
 * A record whose manifest names a bulletin board (spec/record.md §3.1) was made on a server: a
 * guardian given it without its `board/` refuses it (as the verifier's L1.D does), while a record
 * made without a server, naming no board, is checked against the record alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boardFromRecord } from './board-view.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
/** A record folder whose manifest is `manifest` and which has no board. */
function record(manifest: unknown): string {
  const d = mkdtempSync(join(tmpdir(), 'evident-trustee-board-'));
  dirs.push(d);
  writeFileSync(join(d, 'manifest.json'), JSON.stringify(manifest));
  return d;
}

describe('boardFromRecord', () => {
  it('refuses a record whose manifest names a board it does not carry', () => {
    const dir = record({ electionLabel: 'x', bulletinBoard: { logPublicKey: 'AB'.repeat(32) } });
    expect(() => boardFromRecord(dir, undefined)).toThrow(
      /names a bulletin board .* no board\/log\.jsonl: the election ran on a server; refusing to decrypt against the record alone$/,
    );
  });

  it('has no board to give for a record made without a server', () => {
    expect(boardFromRecord(record({ electionLabel: 'x' }), undefined)).toBeUndefined();
  });
});
