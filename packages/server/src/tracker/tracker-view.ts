/**
 * The tracker page's verdicts in words (spec/tracker.md §6): what the voter reads for each
 * outcome of the check and each unusable input. Pure: the page puts the text on screen.
 * @module
 */
import { ltr, type Translate } from '@evident/i18n';
import type { TrackedBallot } from '@evident/record/board';
import type { TrackInput, TrackOutcome } from './tracker-check.js';
import type { TrackerStateKey } from './tracker-state-strings.js';
import type { TrackerKey } from './tracker-strings.js';

/** What the page shows: the verdict's kind (a `data-verdict` for tests and style), the ballot's state, and its lines. */
export interface Verdict {
  readonly verdict: 'found' | 'unknown-code' | 'inconsistent' | 'wrong-key' | 'unreachable' | 'usage';
  readonly state?: TrackedBallot['state'];
  readonly lines: readonly string[];
}

/** The line that says the ballot's state. */
function stateLine(b: TrackedBallot, s: Translate<TrackerStateKey>): string {
  switch (b.state) {
    case 'cast':
      return s('stateCast');
    case 'challenged':
      return s('stateChallenged');
    case 'superseded':
      return b.supersededBy === undefined
        ? s('stateSupersededUnnamed')
        : s('stateSuperseded', { by: b.supersededBy });
    case 'cancelled':
      return b.cancelledAt === undefined
        ? s('stateCancelledUnnamed', { by: b.cancelledBy ?? 0 })
        : s('stateCancelled', { by: b.cancelledBy ?? 0, station: b.cancelledAt });
    case 'uncounted':
      return s('stateUncounted', { reason: b.reason ?? '' });
  }
}

/** The words for an outcome of the check. */
export function outcomeVerdict(
  o: TrackOutcome,
  t: Translate<TrackerKey>,
  s: Translate<TrackerStateKey>,
): Verdict {
  switch (o.kind) {
    case 'found': {
      const b = o.ballot;
      const where = t(b.type === 'challenged-ballot' ? 'foundChallenged' : 'found', {
        index: b.index,
        size: o.treeSize,
      });
      return {
        verdict: 'found',
        state: b.state,
        lines: [
          where,
          stateLine(b, s),
          s('headTime', { at: new Date(o.timestamp) }),
          ...(o.receipt ? [t('foundReceipt')] : []),
          ...(o.keptHeads > 0 ? [s('keptExtended', { n: o.keptHeads })] : []),
          s('lightNote'),
        ],
      };
    }
    case 'unknown-code':
      return { verdict: 'unknown-code', lines: [t('unknownCode')] };
    case 'wrong-key':
      return {
        verdict: 'wrong-key',
        lines: [o.kept === undefined ? t('wrongKey') : s('keptWrongKey', { file: ltr(o.kept) })],
      };
    case 'unreachable':
      return { verdict: 'unreachable', lines: [t('unreachable')] };
    case 'inconsistent':
      return { verdict: 'inconsistent', lines: [inconsistentLine(o, t, s)] };
  }
}

function inconsistentLine(
  o: Extract<TrackOutcome, { kind: 'inconsistent' }>,
  t: Translate<TrackerKey>,
  s: Translate<TrackerStateKey>,
): string {
  if (o.kept !== undefined)
    return s(o.why === 'rollback' ? 'keptRollback' : 'keptFork', { file: ltr(o.kept) });
  if (o.why === 'fork' || o.why === 'rollback' || o.why === 'moved') return t('fork');
  if (o.why === 'status') return s('statusLie');
  return t('inconsistent', { why: ltr(o.why) });
}

/** The words for an input the page cannot use. */
export function usageVerdict(
  u: Exclude<TrackInput, { code: string }>,
  t: Translate<TrackerKey>,
  s: Translate<TrackerStateKey>,
): Verdict {
  const line =
    u.usage === 'kept-head'
      ? s('badKeptHead', { file: ltr(u.name), field: ltr(u.field) })
      : u.usage === 'receipt'
        ? t('badReceipt', { field: ltr(u.field) })
        : {
            code: t('badCode'),
            key: t('badKey'),
            'key-differs': t('keyDiffers'),
            'code-differs': t('codeDiffers'),
            election: t('otherElection'),
          }[u.usage];
  return { verdict: 'usage', lines: [line] };
}
