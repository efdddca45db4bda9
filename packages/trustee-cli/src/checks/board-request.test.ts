/**
 * A `ranked` request of version 2 holds only its digest on the board (spec/mixnet.md §8.8): the
 * request file a server serves for it is accepted only when its digest is the latest entry's —
 * a lying server cannot hand a guardian another request under the board's name — while a
 * version-1 entry (the request itself) and a board without the kind leave the comparison to the
 * item-by-item board check.
 */
import { describe, expect, it } from 'vitest';
import { EXIT, TrusteeError } from '../errors.js';
import { checkRequestDigest, namesStages } from './board-challenge.js';
import type { BoardEntry, BoardView } from './board-view.js';

const D1 = 'A1'.repeat(32);
const D2 = 'B2'.repeat(32);
const v2 = (index: number, digest: string): BoardEntry => ({
  index,
  type: 'decryption-request',
  e: { kind: 'ranked', version: 2, digest, items: 6, contests: [] },
});
const boardOf = (...entries: BoardEntry[]) =>
  ({ source: 'board/log.jsonl', entries }) as unknown as BoardView;
const refusal = (f: () => void): TrusteeError | undefined => {
  try {
    f();
  } catch (e) {
    return e as TrusteeError;
  }
  return undefined;
};

describe('the digest of a ranked request of version 2', () => {
  it('must be the latest entry’s (either case); another one is refused naming the file and field', () => {
    const b = boardOf(v2(8, D1), v2(12, D2));
    expect(namesStages(b.entries[1]!)).toBe(true);
    expect(refusal(() => checkRequestDigest(b, 'ranked', D2.toLowerCase(), 'r.json'))).toBeUndefined();
    const e = refusal(() => checkRequestDigest(b, 'ranked', D1, 'r.json'));
    expect(e).toBeInstanceOf(TrusteeError);
    expect(e).toMatchObject({ exitCode: EXIT.INVALID_FILE, file: 'r.json', field: 'digest' });
    expect(e!.message).toMatch(/differs from B2B2.*log entry 12/);
  });

  it('is not compared for a version-1 entry or a kind the board has no entry of', () => {
    const v1: BoardEntry = { index: 3, type: 'decryption-request', e: { kind: 'ranked', request: {} } };
    expect(namesStages(v1)).toBe(false);
    expect(refusal(() => checkRequestDigest(boardOf(v1), 'ranked', D1, 'r.json'))).toBeUndefined();
    expect(refusal(() => checkRequestDigest(boardOf(v2(4, D2)), 'tally', D1, 'r.json'))).toBeUndefined();
  });
});
