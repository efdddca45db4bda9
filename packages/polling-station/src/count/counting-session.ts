/**
 * The counting session (spec/stations.md §5): started no earlier than the counting start under
 * the clock policy, finished once ballots counted are reconciled with check-ins, reopened with
 * a reason to correct a sheet.
 * @module
 */
import type { SheetClock } from '@evident/record';
import { type ClockOverride, decideCountingStart } from './clock-policy.js';
import { CountError } from './count-error.js';
import { ensureCountTables } from './count-tables.js';
import type { CountEnv } from './station-env.js';

/** The session as stored. */
export interface CountSession {
  /** corrected ms since the epoch */
  readonly startedAt: number;
  readonly clock: SheetClock;
  readonly countedBy: readonly string[];
  readonly finishedAt: number | null;
  readonly reconciliation: string | null;
  /** voters checked in when counting ended (what the reconciliation compared) */
  readonly checkIns: number | null;
}

interface SessionRow {
  started_at: number;
  offset_ms: number | null;
  measured_at: number | null;
  override: string | null;
  counted_by: string;
  finished_at: number | null;
  check_ins: number | null;
  reconciliation: string | null;
}

/** The session, or null before counting started. */
export function countSession(env: CountEnv): CountSession | null {
  ensureCountTables(env.db);
  const r = env.db.prepare('SELECT * FROM count_session WHERE id = 1').get() as SessionRow | undefined;
  if (!r) return null;
  return {
    startedAt: r.started_at,
    clock: {
      offsetMs: r.offset_ms,
      measuredAt: r.measured_at === null ? null : new Date(r.measured_at).toISOString(),
      override: r.override === null ? null : (JSON.parse(r.override) as SheetClock['override']),
    },
    countedBy: JSON.parse(r.counted_by) as string[],
    finishedAt: r.finished_at,
    reconciliation: r.reconciliation,
    checkIns: r.check_ins,
  };
}

/** The session, which must be open. */
export function openSession(env: CountEnv): CountSession {
  const s = countSession(env);
  if (!s) throw new CountError('not-started', 'counting has not started');
  if (s.finishedAt !== null)
    throw new CountError('finished', 'counting is finished; reopen it with a reason to count more');
  return s;
}

/** The station time corrected by the last measured offset (local time when none). */
export function correctedNow(env: CountEnv): number {
  return env.now() + (env.deps.lastClockOffset(env.db)?.offsetMs ?? 0);
}

/**
 * Starts counting.
 * @param workers the signed-in poll workers who count (their names go on the sheet)
 * @throws {CountError} too-early, no-offset or bad-override (the clock policy), already-started
 */
export function startCounting(
  env: CountEnv,
  workers: readonly string[],
  override?: ClockOverride,
): CountSession {
  ensureCountTables(env.db);
  if (workers.length === 0 || workers.some((w) => w.trim() === ''))
    throw new CountError('no-worker', 'counting needs at least one signed-in poll worker');
  if (countSession(env)) throw new CountError('already-started', 'counting has already started');
  const offset = env.deps.lastClockOffset(env.db);
  const d = decideCountingStart({
    localNow: env.now(),
    offset,
    countingStartInstant: env.identity.countingStartInstant,
    timeZone: env.identity.timeZone,
    override: override ?? null,
  });
  if (!d.ok) throw new CountError(d.code, d.message);
  const countedBy = [...new Set([...workers.map((w) => w.trim()), ...(d.clock.override?.by ?? [])])];
  env.db.transaction(() => {
    env.db
      .prepare(
        `INSERT INTO count_session (id, started_at, offset_ms, measured_at, override, counted_by)
         VALUES (1, ?, ?, ?, ?, ?)`,
      )
      .run(
        d.startedAt,
        offset?.offsetMs ?? null,
        offset?.measuredAt ?? null,
        d.clock.override ? JSON.stringify(d.clock.override) : null,
        JSON.stringify(countedBy),
      );
    const detail = d.clock.override
      ? `clock override: ${d.clock.override.reason}`
      : `offset ${offset?.offsetMs} ms`;
    for (const w of countedBy) env.deps.recordAction(env.db, { worker: w, action: 'count-start', detail });
  })();
  return countSession(env)!;
}

/** Ballots counted so far, by kind. */
export function countedBallots(env: CountEnv): { bmd: number; handMarked: number } {
  ensureCountTables(env.db);
  const rows = env.db.prepare('SELECT kind, COUNT(*) AS n FROM count_serials GROUP BY kind').all() as {
    kind: string;
    n: number;
  }[];
  const n = (k: string) => rows.find((r) => r.kind === k)?.n ?? 0;
  return { bmd: n('bmd'), handMarked: n('hand-marked') };
}

/** Ballots counted vs voters checked in (spec/stations.md §5). */
export function reconciliation(env: CountEnv): { counted: number; checkIns: number; difference: number } {
  const b = countedBallots(env);
  const checkIns = env.deps.countCheckIns(env.db);
  const counted = b.bmd + b.handMarked;
  return { counted, checkIns, difference: counted - checkIns };
}

/**
 * Ends counting. When ballots counted ≠ check-ins, an explanation is required (it goes on the
 * sheet); a scanned ballot still waiting for its marks must be entered first.
 * @throws {CountError} not-started, finished, marks-pending, unexplained
 */
export function finishCounting(env: CountEnv, worker: string, explanation?: string): CountSession {
  const session = openSession(env);
  if (env.db.prepare('SELECT 1 FROM count_pending').get())
    throw new CountError('marks-pending', 'a scanned hand-marked ballot is waiting for its marks');
  const r = reconciliation(env);
  const text = explanation?.trim() ?? '';
  if (r.difference !== 0 && text === '')
    throw new CountError(
      'unexplained',
      `${r.counted} ballots counted but ${r.checkIns} voters checked in (${r.difference > 0 ? '+' : ''}${r.difference}): explain the difference before the sheet can be signed`,
    );
  env.db.transaction(() => {
    env.db
      .prepare('UPDATE count_session SET finished_at = ?, check_ins = ?, reconciliation = ? WHERE id = 1')
      // a newer clock offset must not put the end before the start
      .run(Math.max(correctedNow(env), session.startedAt), r.checkIns, r.difference === 0 ? null : text);
    env.deps.recordAction(env.db, {
      worker,
      action: 'count-finish',
      detail: `${r.counted} counted, ${r.checkIns} checked in`,
    });
  })();
  return countSession(env)!;
}

/**
 * Reopens a finished count to correct it (ballots found later…); the next sheet is a
 * correction with this reason.
 * @throws {CountError} not-started, not-finished, no-reason
 */
export function reopenCounting(env: CountEnv, worker: string, reason: string): void {
  const s = countSession(env);
  if (!s) throw new CountError('not-started', 'counting has not started');
  if (s.finishedAt === null) throw new CountError('not-finished', 'counting is still open');
  if (reason.trim() === '') throw new CountError('no-reason', 'reopening needs a reason');
  env.db.transaction(() => {
    env.db
      .prepare(
        'UPDATE count_session SET finished_at = NULL, check_ins = NULL, reconciliation = NULL WHERE id = 1',
      )
      .run();
    env.deps.recordAction(env.db, { worker, action: 'count-reopen', detail: reason.trim() });
  })();
}
