/**
 * What the commands write to, and the station directory option they share.
 * @module
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openStationDb, type StationDb } from '../store/station-db.js';

/** The command's output streams (tests capture them). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** process.stdout / process.stderr. */
export const processIo: CliIo = {
  out: (l) => void process.stdout.write(l + '\n'),
  err: (l) => void process.stderr.write(l + '\n'),
};

/** Adds `--dir DIR` (default ./station). */
export function withDir(c: Command): Command {
  return c.option('--dir <dir>', 'the station data directory', './station');
}

/** Opens the station database of `--dir`. */
export function openDir(dir: string): StationDb {
  return openStationDb(resolve(dir));
}

/** Runs `fn` with the database open, closing it after. */
export async function withDb<T>(dir: string, fn: (sdb: StationDb) => T | Promise<T>): Promise<T> {
  const sdb = openDir(dir);
  try {
    return await fn(sdb);
  } finally {
    sdb.close();
  }
}
