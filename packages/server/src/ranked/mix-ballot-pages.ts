/**
 * The counted ballots entering a mix read from the store a page at a time (spec/server-api.md
 * §7.5): only `ballot` entries, through the store's index on the type, never more than a page
 * of them in memory — what the mix file (./mix-file-stream.ts) and the first stage's inputs
 * (./stage-upload-files.ts) are written from, for a million ballots as for three.
 * @module
 */
import type { RankedContest } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { mixInputBallotOf, type MixInputBallot } from './mix-inputs.js';

/** Ballot entries read per page. */
const PAGE = 256;
const decoder = new TextDecoder();

/**
 * Calls `onPage` with the ballots entering the mix of `contest`, in board order, a page at a time.
 * @param counted - their log indices, ascending (the `mix-inputs` entry)
 * @throws {ApiError} EVD_ERR_INTERNAL when a counted index is not a ballot with the contest's row
 */
export async function forEachBallotPage(
  ctx: ServerContext,
  id: string,
  contest: RankedContest,
  position: number,
  counted: readonly number[],
  onPage: (ballots: MixInputBallot[], first: boolean) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < counted.length;) {
    const start = counted[i]!;
    const end = Math.min(start + PAGE, counted.at(-1)! + 1);
    const rows = new Map(
      (await ctx.store.typedLogEntries(id, ['ballot'], start, end, PAGE)).map((r) => [r.index, r]),
    );
    const page: MixInputBallot[] = [];
    for (; i < counted.length && counted[i]! < end; i++) {
      const row = rows.get(counted[i]!);
      if (!row) throw new ApiError('EVD_ERR_INTERNAL', `counted ballot ${counted[i]} is not a ballot entry`);
      const entry = JSON.parse(decoder.decode(row.entry)) as Record<string, unknown>;
      page.push(mixInputBallotOf(entry, contest, position, row.index));
    }
    await onPage(page, start === counted[0]);
  }
}
