/**
 * The counted ballots of an election's board by @evident/record's `countedBallots` rule — the one
 * the guardians recompute and the verifier checks —, checked against the store's bookkeeping. One
 * reading for the tally (spec/server-api.md §7.1) and the record export (§7.4): neither trusts the
 * store's `cast`/`superseded` columns alone.
 * @module
 */
import { countedBallotsTracker, isIrregular } from '@evident/record';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';

const decoder = new TextDecoder();

/** The rule's reading of the board. */
export interface BoardCounted {
  /** log indices of the counted ballots */
  readonly counted: ReadonlySet<number>;
  /** log indices of the ballots of credentials named by a `cancellation` entry (never counted) */
  readonly cancelled: ReadonlySet<number>;
  /** the last log index read (-1 for an empty log): later entries were not seen by the rule */
  readonly lastIndex: number;
}

/**
 * Reads the board of election `id` once and applies the rule.
 * @param checkStore compare with the store's counted ballots; only meaningful when no ballot can
 *   be appended meanwhile (the election is not open)
 * @throws {ApiError} EVD_ERR_INTERNAL when the board holds a ballot the rule does not count for a
 *   reason other than a cancellation (the cast path refuses those), or the store counts other ballots than the board
 */
export async function countedOnBoard(store: Store, id: string, checkStore: boolean): Promise<BoardCounted> {
  const rule = countedBallotsTracker();
  let lastIndex = -1;
  for await (const row of store.iterateLogEntries(id)) {
    lastIndex = row.index;
    if (
      row.type === 'ballot' ||
      row.type === 'credentials' ||
      row.type === 'open' ||
      row.type === 'cancellation'
    )
      rule.add({
        index: row.index,
        type: row.type,
        fields: JSON.parse(decoder.decode(row.entry)) as Record<string, unknown>,
      });
  }
  const r = rule.result();
  const bad = r.uncounted.find(isIrregular);
  if (bad) throw new ApiError('EVD_ERR_INTERNAL', `log entry ${bad.index}: ${bad.message}`);
  if (checkStore) {
    const stored = await store.countedBallotIndices(id);
    if (stored.join() !== r.counted.join())
      throw new ApiError(
        'EVD_ERR_INTERNAL',
        'the ballots the store counts are not the counted ballots of the board',
      );
  }
  const cancelled = new Set(r.uncounted.filter((u) => !isIrregular(u)).map((u) => u.index));
  return { counted: new Set(r.counted), cancelled, lastIndex };
}
