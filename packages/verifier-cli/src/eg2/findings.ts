/**
 * Findings of the per-item checks, as plain data that crosses worker-thread boundaries; the
 * orchestrator feeds them into the report's step collectors (spec/verification-eg2.md §3).
 * @module
 */

import type { StepFinding } from '../report.js';

export type { StepFinding } from '../report.js';

/** What a job found: failures, items checked per step, and which hash forms matched. */
export interface FindingLog {
  readonly findings: StepFinding[];
  /** step → number of items checked */
  readonly checked: Record<string, number>;
  /** "7.B:egk" → count: which form of an egk-specific hash matched */
  readonly forms: Record<string, number>;
}

/** An empty log. */
export function newLog(): FindingLog {
  return { findings: [], checked: {}, forms: {} };
}

/** Records a failed check; `check` is "<step>.<letter>" (or an Evident extension name). */
export function fail(log: FindingLog, check: string, where: string, message: string): void {
  const step = check.slice(0, check.indexOf('.'));
  log.findings.push({ step, check, where, message });
}

/** Records `n` items checked by `step`. */
export function checked(log: FindingLog, step: string, n = 1): void {
  log.checked[step] = (log.checked[step] ?? 0) + n;
}

/** Records that check `check` matched in hash form `form`. */
export function usedForm(log: FindingLog, check: string, form: string): void {
  const key = `${check}:${form}`;
  log.forms[key] = (log.forms[key] ?? 0) + 1;
}

/** Adds `from` into `into`. */
export function mergeLog(into: FindingLog, from: FindingLog): void {
  into.findings.push(...from.findings);
  for (const [k, v] of Object.entries(from.checked)) into.checked[k] = (into.checked[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.forms)) into.forms[k] = (into.forms[k] ?? 0) + v;
}
