/**
 * The counted ballots of an election's board by @evident/record's `countedBallots` rule — the one
 * the guardians recompute and the verifier checks —, checked against the store's bookkeeping. One
 * reading for the tally (spec/server-api.md §7.1) and the record export (§7.4): neither trusts the
 * store's `cast`/`superseded` columns alone.
 * @module
 */
import { countedBallotsTracker } from '@evident/record';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';

const decoder = new TextDecoder();

/** The rule's reading of the board. */
export interface BoardCounted {
  /** log indices of the counted ballots */
  readonly counted: ReadonlySet<number>;
  /** the last log index read (-1 for an empty log): later entries were not seen by the rule */
  readonly lastIndex: number;
}

/** Why the rule leaves a ballot out that the cast path would never have appended. */
const REFUSED_AT_CAST: ReadonlySet<string> = new Set(['before-open', 'unpublished-credential']);

/**
 * Reads the board of election `id` once and applies the rule: the record's counted ballots, less
 * every ballot of a cancelled credential — before and after its `cancellation` entry (paper wins;
 * the record's rule leaves them out the same way, and the verifier checks it).
 * @param checkStore compare with the store's counted ballots; only meaningful when no ballot can
 *   be appended meanwhile (the election is not open)
 * @throws {ApiError} EVD_ERR_INTERNAL when the board holds a ballot the rule does not count (the
 *   cast path refuses those), or the store counts other ballots than the board
 */
export async function countedOnBoard(store: Store, id: string, checkStore: boolean): Promise<BoardCounted> {
  const rule = countedBallotsTracker();
  const cancelledCredentials = new Set<string>();
  // per credential its last ballot: what the rule counts unless the credential is cancelled
  const lastOf = new Map<string, number>();
  let lastIndex = -1;
  for await (const row of store.iterateLogEntries(id)) {
    lastIndex = row.index;
    if (
      row.type === 'ballot' ||
      row.type === 'credentials' ||
      row.type === 'open' ||
      row.type === 'cancellation'
    ) {
      const fields = JSON.parse(decoder.decode(row.entry)) as Record<string, unknown>;
      rule.add({ index: row.index, type: row.type, fields });
      if (row.type === 'cancellation') cancelledCredentials.add(String(fields.credential).toUpperCase());
      if (row.type === 'ballot')
        lastOf.set(
          String((fields.submission as { credential?: unknown } | undefined)?.credential).toUpperCase(),
          row.index,
        );
    }
  }
  const r = rule.result();
  const bad = r.uncounted.find((u) => REFUSED_AT_CAST.has(u.reason));
  if (bad) throw new ApiError('EVD_ERR_INTERNAL', `log entry ${bad.index}: ${bad.message}`);
  const left = new Set([...cancelledCredentials].flatMap((c) => lastOf.get(c) ?? []));
  const counted = r.counted.filter((i) => !left.has(i));
  if (checkStore) {
    const stored = await store.countedBallotIndices(id);
    if (stored.join() !== counted.join())
      throw new ApiError(
        'EVD_ERR_INTERNAL',
        'the ballots the store counts are not the counted ballots of the board',
      );
  }
  return { counted: new Set(counted), lastIndex };
}
