/**
 * A ballot's state read off a board by the counted-ballots rule: cast, superseded (with the
 * entry that superseded it), challenged, cancelled by a check-in (even by a cancellation entry
 * after it), and uncounted when the board itself is irregular. Boards made by hand: the rule,
 * not the server, decides.
 */
import { describe, expect, it } from 'vitest';
import { ballotState, findBallot } from './ballot-state.js';
import type { BoardEntry, BoardView } from './board-reader.js';

const ballot = (credential: string, code: string, type = 'ballot') => ({
  type,
  submission: { credential, ballot: { code } },
  time: 1_000,
});

/** A board of these entries after setup (0), credentials A, B, C (1) and, unless told, open. */
function board(entries: Record<string, unknown>[], open = true): BoardView {
  const all = [
    { type: 'setup', electionId: 'e1' },
    { type: 'credentials', credentials: ['AA', 'BB', 'CC'] },
    ...(open ? [{ type: 'open' }] : []),
    ...entries,
  ];
  const list: BoardEntry[] = all.map((e, index) => ({ index, type: String(e.type), e }));
  return { source: 'test', electionId: 'e1', entries: list, head: null, keyPinned: false };
}

const stateOf = (b: BoardView, code: string) => ballotState(b, findBallot(b, code)!);

describe('ballotState', () => {
  it('a credential’s last ballot is cast, an earlier one superseded by the entry the supersession names', () => {
    const b = board([
      ballot('AA', 'C1'),
      ballot('AA', 'C2'),
      { type: 'supersession', credential: 'AA', superseded: 3, by: 4 },
    ]);
    expect(stateOf(b, 'C2')).toEqual({ index: 4, type: 'ballot', time: 1_000, state: 'cast' });
    expect(stateOf(b, 'c1')).toMatchObject({ index: 3, state: 'superseded', supersededBy: 4 });
  });

  it('a challenged ballot is challenged', () => {
    const b = board([ballot('BB', 'C3', 'challenged-ballot')]);
    expect(stateOf(b, 'C3')).toMatchObject({ type: 'challenged-ballot', state: 'challenged' });
  });

  it('every ballot of a credential named by a cancellation is cancelled, before or after it', () => {
    const b = board([
      ballot('CC', 'C4'),
      { type: 'cancellation', credential: 'cc', station: 'p1' },
      ballot('CC', 'C5'),
      { type: 'cancellation', credential: 'CC', station: 'p2' },
    ]);
    expect(stateOf(b, 'C4')).toMatchObject({ state: 'cancelled', cancelledBy: 4, cancelledAt: 'p1' });
    expect(stateOf(b, 'C5')).toMatchObject({ state: 'cancelled', cancelledBy: 4, cancelledAt: 'p1' });
  });

  it('a ballot the rule leaves out for an irregularity is uncounted, with the reason', () => {
    const early = board([ballot('AA', 'C6')], false);
    expect(stateOf(early, 'C6')).toMatchObject({ state: 'uncounted', reason: 'a ballot before opening' });
    const stranger = board([ballot('DD', 'C7')]);
    expect(stateOf(stranger, 'C7').state).toBe('uncounted');
  });

  it('finds no ballot for a code that is not on the board, nor for a non-ballot entry', () => {
    expect(findBallot(board([ballot('AA', 'C1')]), 'C9')).toBeUndefined();
    expect(
      findBallot(board([{ type: 'note', submission: { ballot: { code: 'C1' } } }]), 'C1'),
    ).toBeUndefined();
  });
});
