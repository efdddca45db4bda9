/**
 * The station's refusal: a message for the poll worker naming the file or setting, and the
 * exit code of the command (1: refused or invalid data, 2: bad usage or unusable input).
 * Never carries a secret.
 * @module
 */
export class StationError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
    this.name = 'StationError';
  }
}
