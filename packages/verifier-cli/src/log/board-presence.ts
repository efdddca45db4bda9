/**
 * L1.D (spec/bulletin-board.md §6): a record made by a server carries its bulletin board, and it
 * is the board the election was set up on. Without `board/` every credential, signature and log
 * check (L1–L4, C1, C5) would have nothing to check, so a server could drop the folder to hide a
 * stuffed or replayed ballot. Two things say a server made the record:
 * - its manifest names a board (`bulletinBoard.logPublicKey`, spec/record.md §3.1), which the
 *   server adds at creation: hashed into H_M, then H_B and H_E, it is bound by every guardian's
 *   work and every ballot, so no server can strip it and keep the record valid;
 * - its online ballots sit in one device per credential, `online-<credential>` (spec/record.md
 *   §5.5) — the only sign in records made before the manifest named its board.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICES_FILE, LOG_FILE, MANIFEST_FILE, TREE_HEADS_FILE, readDevices } from '@evident/record';
import { readJsonFile } from './log-summary.js';

/**
 * True when the record's `devices.json` lists an online device (`online-…`): a server's record.
 * Read device by device up to the first online one (a device per voter: the file can be large);
 * a file off the schema (which the ballot pass refuses) is read whole, whatever its shape.
 */
export function isServerMade(dir: string): boolean {
  try {
    for (const d of readDevices(dir)) if (d.label.startsWith('online-')) return true;
    return false;
  } catch {
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
}

/** The log key the record's manifest names (`bulletinBoard.logPublicKey`), if it names one. */
export function manifestLogKey(dir: string): string | undefined {
  const board = readJsonFile(dir, MANIFEST_FILE)?.bulletinBoard as { logPublicKey?: unknown } | undefined;
  return typeof board?.logPublicKey === 'string' ? board.logPublicKey : undefined;
}

/** Why the record must carry its board: its manifest names one, or it has online devices. */
export function boardRequirement(dir: string): 'manifest' | 'devices' | undefined {
  if (manifestLogKey(dir) !== undefined) return 'manifest';
  return isServerMade(dir) ? 'devices' : undefined;
}

/** The board files that a record made by a server lacks (L1.D); none for other records. */
export function missingBoardFiles(dir: string): string[] {
  if (boardRequirement(dir) === undefined) return [];
  return [LOG_FILE, TREE_HEADS_FILE].filter((f) => !existsSync(join(dir, f)));
}

/**
 * L1.D: the board is the one the manifest names — its setup entry's `logPublicKey` is the
 * manifest's `bulletinBoard.logPublicKey`, so the heads L2 verifies are signed by that key.
 * @param setupKey - the setup entry's `logPublicKey` (undefined when entry 0 is not a setup entry)
 * @returns the failure message, or undefined when the keys agree or the manifest names no board
 */
export function boardKeyMismatch(dir: string, setupKey: unknown): string | undefined {
  const named = manifestLogKey(dir);
  if (named === undefined || String(setupKey).toUpperCase() === named.toUpperCase()) return undefined;
  return `names the log key ${named.slice(0, 16)}…, but the board's setup entry (${LOG_FILE}:1 logPublicKey) has ${String(setupKey).slice(0, 16)}…`;
}
