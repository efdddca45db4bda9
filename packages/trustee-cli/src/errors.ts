/**
 * Exit codes and the one error type the commands throw (spec/key-ceremony.md §12).
 * A `TrusteeError` names the file and, where it can, the field; it never carries secrets.
 * @module
 */

/** Documented exit codes of `evident-trustee`. */
export const EXIT = {
  OK: 0,
  /** an unexpected internal error */
  INTERNAL: 1,
  /** bad command-line usage */
  USAGE: 2,
  /** an input file is refused: malformed, tampered, another election or another guardian */
  INVALID_FILE: 3,
  /** the secret key file cannot be opened: wrong passphrase or tampered */
  SECRET: 4,
  /** the protocol did not complete: a complaint was written, or no quorum */
  PROTOCOL: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A refusal with the file (and field) it concerns. */
export class TrusteeError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly file: string | undefined,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TrusteeError';
  }
}

/** Shorthand for an INVALID_FILE refusal. */
export function refuse(file: string, message: string, field?: string): TrusteeError {
  return new TrusteeError(EXIT.INVALID_FILE, file, message, field);
}
