/**
 * A file the station cannot use: the message names the file and what is wrong, never a secret.
 * @module
 */
export class StationFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'StationFileError';
  }
}
