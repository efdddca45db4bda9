/**
 * Why a tracking-code check did not succeed, and the exit code each reason gives
 * (spec/tracker.md §4): the server answers inconsistently or under another key (1), or the
 * question could not be answered — an unknown code, an unreachable server, bad usage (2).
 * @module
 */

/** What went wrong, from the voter's side. */
export type TrackProblem =
  /** the server's answers contradict each other or a signed head the voter holds (a fork) */
  | 'inconsistent'
  /** the log is not signed by the key the voter pinned */
  | 'wrong-key'
  /** no ballot with this tracking code on the board */
  | 'unknown-code'
  /** the server cannot be read, or refuses */
  | 'unreachable'
  /** the voter's own input: options, the code, the receipt file */
  | 'usage';

/** A check that did not succeed; `message` says what, naming the file, URL or field. */
export class TrackError extends Error {
  override readonly name = 'TrackError';
  constructor(
    readonly problem: TrackProblem,
    message: string,
  ) {
    super(message);
  }

  /** 1 for a server that lies (a fork, a bad signature or proof, another key); 2 otherwise. */
  get exitCode(): 1 | 2 {
    return this.problem === 'inconsistent' || this.problem === 'wrong-key' ? 1 : 2;
  }
}
