/**
 * L1.D (spec/bulletin-board.md §6): a record made by a server carries its bulletin board. Its
 * online ballots sit in one device per credential, `online-<credential>` (spec/record.md §5.5);
 * without `board/` every credential, signature and log check (L1–L4, C1, C5) would have nothing
 * to check, so a server could drop the folder to hide a stuffed or replayed ballot.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICES_FILE, LOG_FILE, TREE_HEADS_FILE } from '@evident/record';
import { readJsonFile } from './log-summary.js';

/** True when the record's `devices.json` lists an online device (`online-…`): a server's record. */
export function isServerMade(dir: string): boolean {
  const devices = readJsonFile(dir, DEVICES_FILE)?.devices;
  return (
    Array.isArray(devices) &&
    devices.some(
      (d) =>
        typeof (d as { label?: unknown })?.label === 'string' &&
        (d as { label: string }).label.startsWith('online-'),
    )
  );
}

/** The board files that a server-made record lacks (L1.D); none for other records. */
export function missingBoardFiles(dir: string): string[] {
  if (!isServerMade(dir)) return [];
  return [LOG_FILE, TREE_HEADS_FILE].filter((f) => !existsSync(join(dir, f)));
}
