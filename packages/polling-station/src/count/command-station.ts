/**
 * What the counting and sheet commands share: their options, the station directory opened with
 * its counting environment, the poll workers signed in (`--worker name=pin-file`), refusals
 * turned into exit codes, JSON answers.
 * @module
 */
import type { Command } from 'commander';
import { StationFileError } from '../ballots/station-file-error.js';
import { runRefusable } from './command-run.js';
import { countEnvOf } from './station-context.js';
import { type StationDb, openStationDb, readSecretInput, requireWorker } from './station-core-link.js';
import type { CountEnv } from './station-env.js';

/** Commander's collector of a repeatable option. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The options every command of a station takes. */
export const DIR_OPTION = ['--dir <dir>', 'station data directory', './station'] as const;
export const WORKER_OPTION = [
  '--worker <name=pin-file>',
  'a signed-in poll worker (repeatable)',
  collect,
] as const;

/** What a command run by poll workers is given. */
export interface WorkerOptions {
  dir: string;
  worker?: string[];
}

/** Adds the options of a command run by poll workers: `--dir` and `--worker`. */
export function workerOptions(c: Command): Command {
  return c.option(...DIR_OPTION).option(...WORKER_OPTION);
}

/** Splits `name=rest` at the first `=`; the option's name for messages. */
export function splitPair(s: string, option: string, form: string): [string, string] {
  const eq = s.indexOf('=');
  if (eq <= 0) throw new StationFileError(option, `${JSON.stringify(s.slice(0, 60))}: expected ${form}`);
  return [s.slice(0, eq), s.slice(eq + 1)];
}

/** Signs in each `name=pin-file`; returns the names. */
export function signIn(sdb: StationDb, specs: readonly string[] | undefined): string[] {
  if (!specs || specs.length === 0)
    throw new StationFileError('--worker', 'name the poll worker(s) acting: --worker name=pin-file');
  return specs.map((s) => {
    const [name, file] = splitPair(s, '--worker', 'name=pin-file');
    return requireWorker(sdb.db, name, readSecretInput(file, 'EVIDENT_WORKER_PIN', `PIN of ${name}`));
  });
}

/** Runs `body` on the station directory's database and counting environment, then closes it. */
export async function withStation(
  dir: string,
  body: (env: CountEnv, sdb: StationDb) => unknown,
): Promise<void> {
  await runRefusable(async () => {
    const sdb = openStationDb(dir);
    try {
      await body(countEnvOf(sdb), sdb);
    } finally {
      sdb.close();
    }
  });
}

/**
 * The action of a command run by poll workers: opens the station directory, signs in every
 * `--worker` before anything else, runs `body`, closes the station (refusals as in `withStation`).
 */
export function asWorkers<O extends WorkerOptions>(
  body: (o: O, env: CountEnv, workers: string[], sdb: StationDb) => unknown,
): (o: O) => Promise<void> {
  return (o) => withStation(o.dir, (env, sdb) => body(o, env, signIn(sdb, o.worker), sdb));
}

/** Writes a JSON answer on stdout. */
export function say(o: unknown): void {
  process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
}
