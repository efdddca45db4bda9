/**
 * The verification report every verifier in Evident produces (spec/verification.md).
 *
 * A verifier never throws on bad data: it records a failed check with its number (as in the
 * specification, e.g. "5.B" for ElectionGuard Verification 5, condition B) and where it failed.
 * @module
 */

/** Outcome of one numbered verification step. */
export interface StepResult {
  /** Step number as in the spec, e.g. "1", "5", "V7" — and its title. */
  readonly id: string;
  readonly title: string;
  /** passed: every check held; failed: at least one did not; skipped: not applicable to this record. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** How many items (ballots, selections, guardians…) were checked. */
  readonly checked: number;
  /** The failures, at most a bounded number kept (see `failureCount`). */
  readonly failures: readonly Finding[];
  readonly failureCount: number;
  /** Why the step was skipped, or other remarks. */
  readonly note?: string;
}

/** One failed check. */
export interface Finding {
  /** The check number, e.g. "5.D" or "7.C". */
  readonly check: string;
  /** Where: a ballot id, contest id, selection id, guardian id, file and field. */
  readonly location: string;
  /** Human-readable description, no secrets. */
  readonly message: string;
}

/** The whole report. */
export interface VerificationReport {
  /** Record format detected: "evident" or "electionguard-2.0". */
  readonly format: string;
  readonly profile: string;
  readonly recordPath: string;
  readonly valid: boolean;
  readonly steps: readonly StepResult[];
  /** Seconds of wall time. */
  readonly seconds: number;
  /** Counts for the summary line, e.g. { ballots: 11, contests: 20 }. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Exit codes of `evident-verify`: 0 valid, 1 invalid, 2 unreadable input. */
export const EXIT_VALID = 0;
export const EXIT_INVALID = 1;
export const EXIT_UNREADABLE = 2;

/** Collects the results of one step; keeps the first `limit` findings and counts the rest. */
export function stepCollector(id: string, title: string, limit = 50) {
  const failures: Finding[] = [];
  let failureCount = 0;
  let checked = 0;
  return {
    /** Records one item checked. */
    item(): void {
      checked++;
    },
    /** Records a failed check. */
    fail(check: string, location: string, message: string): void {
      failureCount++;
      if (failures.length < limit) failures.push({ check, location, message });
    },
    /** The finished step. */
    done(note?: string): StepResult {
      return {
        id,
        title,
        status: failureCount > 0 ? 'failed' : 'passed',
        checked,
        failures,
        failureCount,
        ...(note !== undefined ? { note } : {}),
      };
    },
    /** A skipped step. */
    skip(note: string): StepResult {
      return { id, title, status: 'skipped', checked: 0, failures: [], failureCount: 0, note };
    },
  };
}
