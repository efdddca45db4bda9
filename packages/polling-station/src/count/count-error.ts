/**
 * A counting step the station refuses (wrong state, too early, missing explanation…): the
 * poll worker sees the message; nothing was changed.
 * @module
 */
export type CountErrorCode =
  | 'too-early'
  | 'no-offset'
  | 'bad-override'
  | 'not-started'
  | 'already-started'
  | 'finished'
  | 'not-finished'
  | 'marks-pending'
  | 'no-pending'
  | 'bad-marks'
  | 'unexplained'
  | 'no-sheet'
  | 'sheet-exists'
  | 'no-station-key'
  | 'no-reason'
  | 'invalid-sheet'
  | 'no-worker'
  | 'refused';

export class CountError extends Error {
  constructor(
    readonly code: CountErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CountError';
  }
}
