/**
 * The verification report every verifier in Evident produces (spec/verification.md).
 *
 * A verifier never throws on bad data: it records a failed check with its number (as in the
 * specification, e.g. "5.B" for ElectionGuard Verification 5, condition B) and where it failed.
 * Checks produce the library's one result type, `Finding { check, where, message }`
 * (@evident/e2e-crypto); the report is their public form, in which `where` keeps its published
 * name `location` (spec/verification.md §0.4), so that users' scripts over `--json` keep working.
 * @module
 */
import type { Finding, FindingSink } from '@evident/e2e-crypto';
import type { FinalResult } from './paper/final-result.js';
import type { PhaseTime } from './phases.js';

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
  readonly failures: readonly ReportedFailure[];
  readonly failureCount: number;
  /** Why the step was skipped, or other remarks. */
  readonly note?: string;
}

/** One failed check as the report publishes it: a {@link Finding} whose `where` is `location`. */
export interface ReportedFailure {
  /** The check number, e.g. "5.D" or "7.C". */
  readonly check: string;
  /** Where: a ballot id, contest id, selection id, guardian id, file and field. */
  readonly location: string;
  /** Human-readable description, no secrets. */
  readonly message: string;
}

/** A finding with the number of the step it belongs to, as plain data that crosses threads. */
export interface StepFinding extends Finding {
  readonly step: string;
}

/** The report's form of a finding (the one place where `where` becomes `location`). */
export function reportedFailure(f: Finding): ReportedFailure {
  return { check: f.check, location: f.where, message: f.message };
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
  /** The final result recomputed from the board: online tally + effective tally sheets (P9). */
  readonly finalResult?: FinalResult;
  /** Wall and CPU time per phase of the run (Evident records; spec/verification.md §0.4). */
  readonly phases?: readonly PhaseTime[];
}

/** Exit codes of `evident-verify`: 0 valid, 1 invalid, 2 unreadable input. */
export const EXIT_VALID = 0;
export const EXIT_INVALID = 1;
export const EXIT_UNREADABLE = 2;

/** The collector of one step: a {@link FindingSink} that counts items and makes the step's result. */
export interface StepCollector extends FindingSink {
  /** Records one item checked. */
  item(): void;
  /** Records every finding of a check's result (an empty list records nothing). */
  add(findings: readonly Finding[]): void;
  /** Counts `n` more failures that were not kept (a chunk task keeps a step's worth). */
  uncounted(n: number): void;
  /** The finished step. */
  done(note?: string): StepResult;
  /** A skipped step. */
  skip(note: string): StepResult;
}

/** Collects the results of one step; keeps the first `limit` findings and counts the rest. */
export function stepCollector(id: string, title: string, limit = 50): StepCollector {
  const failures: Finding[] = [];
  let failureCount = 0;
  let checked = 0;
  const fail = (check: string, where: string, message: string): void => {
    failureCount++;
    if (failures.length < limit) failures.push({ check, where, message });
  };
  return {
    item(): void {
      checked++;
    },
    fail,
    add(findings: readonly Finding[]): void {
      for (const f of findings) fail(f.check, f.where, f.message);
    },
    uncounted(n: number): void {
      failureCount += n;
    },
    done(note?: string): StepResult {
      return {
        id,
        title,
        status: failureCount > 0 ? 'failed' : 'passed',
        checked,
        failures: failures.map(reportedFailure),
        failureCount,
        ...(note !== undefined ? { note } : {}),
      };
    },
    skip(note: string): StepResult {
      return { id, title, status: 'skipped', checked: 0, failures: [], failureCount: 0, note };
    },
  };
}
