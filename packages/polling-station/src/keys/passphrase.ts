/**
 * Where the station passphrase comes from: a file (`--passphrase-file`, first line) or the
 * environment (`EVIDENT_STATION_PASSPHRASE`); never the command line, where other users of the
 * machine could read it in the process list.
 * @module
 */
import { readFileSync } from 'node:fs';
import { StationError } from '../station-error.js';

export const PASSPHRASE_ENV = 'EVIDENT_STATION_PASSPHRASE';

/**
 * Reads a secret from a file's first line or an environment variable.
 * @param file - the `--…-file` option, if given (wins over the environment)
 * @param env - the variable's name
 * @param what - what the secret is, for messages
 * @throws {StationError} naming the file or the variable when neither gives a secret
 */
export function readSecretInput(file: string | undefined, env: string, what: string): string {
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new StationError(
        2,
        `${file}: cannot read the ${what}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    const line = text.split(/\r?\n/)[0] ?? '';
    if (line === '') throw new StationError(2, `${file}: the ${what} file is empty`);
    return line;
  }
  const v = process.env[env];
  if (v === undefined || v === '')
    throw new StationError(2, `no ${what}: give a file with the --…-file option or set ${env}`);
  return v;
}

/** The station passphrase (`--passphrase-file` or `EVIDENT_STATION_PASSPHRASE`). */
export function stationPassphrase(file: string | undefined): string {
  return readSecretInput(file, PASSPHRASE_ENV, 'station passphrase');
}
