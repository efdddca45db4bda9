/**
 * The entries of one credential give its ballots the state the whole board gives them, given
 * the assumed publication: a property over random boards of a few credentials (revotes,
 * challenges, cancellations before and after, supersessions), and the entries named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballotState } from './ballot-state.js';
import type { BoardEntry } from './board-reader.js';
import { assumedPublication, concernsCredential, credentialNamed } from './credential-entries.js';

const CREDS = ['AA', 'BB', 'CC'];

/** A board after setup, credentials (all three) and open, with `events` in order. */
function board(events: readonly { kind: number; cred: number }[]): BoardEntry[] {
  const raw: Record<string, unknown>[] = [
    { type: 'setup' },
    { type: 'credentials', credentials: CREDS },
    { type: 'open' },
  ];
  const last = new Map<string, number>();
  for (const [n, ev] of events.entries()) {
    const credential = CREDS[ev.cred]!;
    if (ev.kind === 2) raw.push({ type: 'cancellation', credential, station: 's1' });
    else {
      const type = ev.kind === 0 ? 'ballot' : 'challenged-ballot';
      raw.push({ type, submission: { credential: credential.toLowerCase(), ballot: { code: `C${n}` } } });
      if (type === 'ballot') {
        const before = last.get(credential);
        last.set(credential, raw.length - 1);
        if (before !== undefined)
          raw.push({ type: 'supersession', credential, superseded: before, by: raw.length - 1 });
      }
    }
  }
  return raw.map((e, index) => ({ index, type: String(e.type), e }));
}

describe('the entries of one credential', () => {
  it('name their credential, and open concerns everyone', () => {
    expect(credentialNamed('ballot', { submission: { credential: 'ab' } })).toBe('AB');
    expect(credentialNamed('cancellation', { credential: 'ab' })).toBe('AB');
    expect(credentialNamed('credentials', { credentials: ['AB'] })).toBeUndefined();
    expect(concernsCredential('open', {}, 'ab')).toBe(true);
    expect(concernsCredential('supersession', { credential: 'CD' }, 'ab')).toBe(false);
  });

  it('decide each ballot’s state as the whole board does (law: the rule is per credential)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.integer({ min: 0, max: 2 }), cred: fc.integer({ min: 0, max: 2 }) }), {
          maxLength: 14,
        }),
        (events) => {
          const all = board(events);
          for (const entry of all.filter((e) => e.type === 'ballot' || e.type === 'challenged-ballot')) {
            const cred = credentialNamed(entry.type, entry.e)!;
            const own = all.filter((e) => concernsCredential(e.type, e.e, cred));
            const light = ballotState({ entries: [assumedPublication(cred), ...own] }, entry);
            expect(light).toEqual(ballotState({ entries: all }, entry));
          }
        },
      ),
    );
  });
});
