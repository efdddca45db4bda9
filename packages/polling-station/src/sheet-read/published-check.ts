/**
 * Is this sheet the one published? On a checked board (board-view.ts): the station's key is its
 * `station-key` entry (registered before `open`), the sheet's signature verifies under it, a
 * `station-sheet` entry carries a sheet with the same sheet hash (recomputed from the entry's
 * sheet, never taken from its `sheetHash` field), and no later `station-sheet` entry of the
 * station has replaced it (spec/stations.md §9: a higher sequence supersedes).
 * @module
 */
import { type SignedTallySheet, sheetHash, verifyTallySheetSignature } from '@evident/record';
import type { BoardEntry, BoardView } from './board-view.js';

/** What the board says of a sheet. */
export type BoardFinding =
  | { readonly ok: true; readonly stationKey: string }
  | {
      readonly ok: false;
      readonly problem: 'no-station-key' | 'bad-signature' | 'not-published' | 'superseded';
      readonly message: string;
      readonly stationKey?: string;
      readonly supersededBy?: {
        readonly sheetHash: string;
        readonly sequence: number;
        readonly index: number;
      };
    };

/** The station's registered key: its last `station-key` entry before `open`. */
export function registeredStationKey(board: BoardView, station: string): string | undefined {
  const open = board.entries.find((e) => e.type === 'open')?.index ?? Infinity;
  const keys = board.entries.filter(
    (e) =>
      e.type === 'station-key' &&
      e.index < open &&
      e.e.station === station &&
      typeof e.e.publicKey === 'string',
  );
  return keys.at(-1)?.e.publicKey as string | undefined;
}

/** The sheet hash of a `station-sheet` entry's sheet, or undefined when the entry is malformed. */
function entrySheet(e: BoardEntry): { hash: string; station: string; sequence: number } | undefined {
  const signed = e.e.signed as SignedTallySheet | undefined;
  if (typeof signed?.sheet !== 'object' || signed.sheet === null) return undefined;
  try {
    return { hash: sheetHash(signed.sheet), station: signed.sheet.station, sequence: signed.sheet.sequence };
  } catch {
    return undefined;
  }
}

/** Checks a sheet against the board: station key, signature, publication, supersession. */
export function checkAgainstBoard(board: BoardView, signed: SignedTallySheet, hash: string): BoardFinding {
  const station = signed.sheet.station;
  const stationKey = registeredStationKey(board, station);
  if (stationKey === undefined)
    return {
      ok: false,
      problem: 'no-station-key',
      message: `station "${station}" has no station-key entry before opening on ${board.source}`,
    };
  if (!verifyTallySheetSignature(signed, stationKey))
    return {
      ok: false,
      problem: 'bad-signature',
      stationKey,
      message: `the station signature does not verify under the registered key of station "${station}"`,
    };
  const sheets = board.entries
    .filter((e) => e.type === 'station-sheet')
    .map((e) => ({ index: e.index, sheet: entrySheet(e) }))
    .filter((s) => s.sheet?.station === station);
  const mine = sheets.find((s) => s.sheet!.hash === hash.toUpperCase());
  if (!mine)
    return {
      ok: false,
      problem: 'not-published',
      stationKey,
      message: `no station-sheet entry of station "${station}" on ${board.source} is this sheet (${sheets.length} other(s))`,
    };
  const last = sheets.at(-1)!;
  if (last.sheet!.hash !== mine.sheet!.hash)
    return {
      ok: false,
      problem: 'superseded',
      stationKey,
      supersededBy: { sheetHash: last.sheet!.hash, sequence: last.sheet!.sequence, index: last.index },
      message: `superseded: entry ${last.index} publishes sheet ${last.sheet!.hash} (sequence ${last.sheet!.sequence}) for station "${station}"`,
    };
  return { ok: true, stationKey };
}
