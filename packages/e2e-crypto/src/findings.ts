/**
 * The one result shape of every verification that can find more than one thing wrong.
 *
 * A check that answers yes or no about one object (a signature, one proof equation) returns a
 * boolean, as noble's `verify` does. A check of many parts (a shuffle proof, a mix chain, a
 * decryption, a count, a whole record) returns the list of what failed — empty when every check
 * held — or feeds a {@link FindingSink}. It never throws on bad data: each finding names the
 * numbered check of the specification, where it failed, and why.
 * @module
 */

/** One failed check. */
export interface Finding {
  /** the check's number as in the specification, e.g. "M7", "9.B", "L3.K" */
  readonly check: string;
  /** where it failed: a file and field, a row, a ballot, a guardian (empty when nowhere narrower) */
  readonly where: string;
  /** what is wrong, for a person; never a secret */
  readonly message: string;
}

/** Builds a {@link Finding}. */
export function finding(check: string, where: string, message: string): Finding {
  return { check, where, message };
}

/** One line for people and error messages: `check where: message`. */
export function formatFinding(f: Finding): string {
  return f.where ? `${f.check} ${f.where}: ${f.message}` : `${f.check}: ${f.message}`;
}

/** Anything that collects findings: a verifier's step, a list ({@link findingList}). */
export interface FindingSink {
  /** Records one failed check. */
  fail(check: string, where: string, message: string): void;
}

/** A sink that keeps every finding in `findings`, in order. */
export function findingList(): FindingSink & { readonly findings: Finding[] } {
  const findings: Finding[] = [];
  return {
    findings,
    fail(check, where, message) {
      findings.push({ check, where, message });
    },
  };
}
