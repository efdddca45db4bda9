/**
 * What commands need from their surroundings: the passphrase, progress reporting and messages.
 * The CLI supplies a terminal implementation; tests supply a silent one.
 * @module
 */

/** A progress reporter for long work (cli-progress in a terminal). */
export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

/** The environment of a command. */
export interface CommandIO {
  /** Asks for the passphrase (twice when `confirm`). */
  passphrase(confirm: boolean): Promise<string>;
  /** Starts a progress bar for `total` steps. */
  progress(label: string, total: number): Progress;
  /** An informational message for a person (not printed with --json). */
  info(message: string): void;
}

/** Result every command returns: printed as JSON with --json, as text otherwise. */
export interface CommandResult {
  readonly ok: boolean;
  readonly message: string;
  readonly outputs: readonly string[];
  readonly [key: string]: unknown;
}

/** An IO that answers with a fixed passphrase and prints nothing. */
export function silentIO(passphrase: string): CommandIO {
  return {
    passphrase: async () => passphrase,
    progress: () => ({ tick() {}, stop() {} }),
    info() {},
  };
}
