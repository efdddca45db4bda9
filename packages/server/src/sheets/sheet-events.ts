/**
 * The results stream's `station-sheet` events (spec/stations.md §11): one Server-Sent Events
 * frame per sheet accepted since a log index, read from the board's paper index — so that a
 * viewer sees a sheet as soon as its commit is visible, whatever node took it in.
 * @module
 */
import type { ServerContext } from '../context.js';
import { paperIndex } from './paper-index.js';

/** The data of a `station-sheet` event. */
export interface SheetEvent {
  readonly electionId: string;
  readonly station: string;
  readonly sequence: number;
  readonly sheetHash: string;
  /** the hash of the sheet it supersedes, for a correction */
  readonly supersedes: string | null;
  /** log index of the `station-sheet` entry */
  readonly index: number;
  /** acceptance time, ms */
  readonly time: number;
}

/**
 * Frames of the sheets accepted at indices in [from, committed size), and the index to read from next.
 */
export async function sheetFramesSince(
  ctx: ServerContext,
  id: string,
  from: number,
): Promise<{ frames: string[]; next: number }> {
  const ix = await paperIndex(ctx, id);
  const frames: string[] = [];
  for (let i = ix.sheets.length - 1; i >= 0 && ix.sheets[i]!.index >= from; i--) {
    const s = ix.sheets[i]!;
    const ev: SheetEvent = {
      electionId: id,
      station: s.station,
      sequence: s.sequence,
      sheetHash: s.sheetHash,
      supersedes: s.signed.sheet.previousSheet,
      index: s.index,
      time: s.time,
    };
    frames.unshift(`event: station-sheet\ndata: ${JSON.stringify(ev)}\n\n`);
  }
  return { frames, next: ix.scanned };
}
