/**
 * The tracker page's verdicts in words (spec/tracker.md §6): what the voter reads for each
 * outcome of the check and each unusable input. Pure: the page puts the text on screen.
 * @module
 */
import { ltr, type Translate } from '@evident/i18n';
import type { TrackInput, TrackOutcome } from './tracker-check.js';
import type { TrackerKey } from './tracker-strings.js';

/** What the page shows: the verdict's kind (a `data-verdict` for tests and style) and its lines. */
export interface Verdict {
  readonly verdict: 'found' | 'unknown-code' | 'inconsistent' | 'wrong-key' | 'unreachable' | 'usage';
  readonly lines: readonly string[];
}

/** The words for an outcome of the check. */
export function outcomeVerdict(o: TrackOutcome, t: Translate<TrackerKey>): Verdict {
  switch (o.kind) {
    case 'found': {
      const line = t(o.type === 'challenged-ballot' ? 'foundChallenged' : 'found', {
        index: o.index,
        size: o.treeSize,
      });
      return { verdict: 'found', lines: o.receipt ? [line, t('foundReceipt')] : [line] };
    }
    case 'unknown-code':
      return { verdict: 'unknown-code', lines: [t('unknownCode')] };
    case 'wrong-key':
      return { verdict: 'wrong-key', lines: [t('wrongKey')] };
    case 'unreachable':
      return { verdict: 'unreachable', lines: [t('unreachable')] };
    case 'inconsistent':
      return {
        verdict: 'inconsistent',
        lines: [
          o.why === 'fork' || o.why === 'rollback' || o.why === 'moved'
            ? t('fork')
            : t('inconsistent', { why: ltr(o.why) }),
        ],
      };
  }
}

/** The words for an input the page cannot use. */
export function usageVerdict(
  u: Exclude<TrackInput, { code: string }> | { readonly usage: 'receipt'; readonly field: string },
  t: Translate<TrackerKey>,
): Verdict {
  const line = {
    code: t('badCode'),
    key: t('badKey'),
    receipt: t('badReceipt', { field: ltr('field' in u ? u.field : '') }),
    'key-differs': t('keyDiffers'),
    'code-differs': t('codeDiffers'),
    election: t('otherElection'),
  }[u.usage];
  return { verdict: 'usage', lines: [line] };
}
