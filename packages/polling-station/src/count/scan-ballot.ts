/**
 * Scanning one paper ballot's QR code (spec/stations.md §5.3): decode, check it belongs here and
 * is authentic and not a copy, then count it — a marking-device ballot at once from the choices
 * in its code, a hand-marked one once a poll worker has entered its marks ({@link enterMarks}).
 * A refused code is recorded with its reason (it appears on the sheet) and changes nothing else.
 * @module
 */
import {
  type BallotToken,
  type RejectReason,
  BallotQrError,
  decodeBallotQr,
  sheetContestLabels,
  verifyBallotToken,
} from '@evident/record';
import { CountError } from './count-error.js';
import { ensureCountTables } from './count-tables.js';
import { openSession } from './counting-session.js';
import { addChoices } from './choice-multiset.js';
import type { CountEnv } from './station-env.js';

/** What a scan did. */
export type ScanResult =
  | { readonly status: 'counted'; readonly kind: 'bmd'; readonly serial: string }
  | { readonly status: 'marks-needed'; readonly serial: string; readonly contests: readonly string[] }
  | { readonly status: 'rejected'; readonly reason: RejectReason; readonly message: string };

function reject(env: CountEnv, worker: string, reason: RejectReason, message: string): ScanResult {
  env.db.transaction(() => {
    env.db
      .prepare('INSERT INTO count_rejections (reason, message, at) VALUES (?, ?, ?)')
      .run(reason, message, env.now());
    env.deps.recordAction(env.db, { worker, action: 'count-reject', detail: `${reason}: ${message}` });
  })();
  return { status: 'rejected', reason, message };
}

/** The style's contests, in manifest order. */
export function styleContests(env: CountEnv): string[] {
  return sheetContestLabels(env.identity.manifest, env.identity.station) ?? [];
}

/** A value read from a code, quoted and cut short: it comes from whoever printed the code. */
function shown(v: string): string {
  return JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}…` : v);
}

/** Why a well-formed code is not one this station counts, or null. */
function misplaced(env: CountEnv, t: BallotToken): [RejectReason, string] | null {
  const id = env.identity;
  if (t.electionId !== id.electionId)
    return ['wrong-election', `a ballot of election ${shown(t.electionId)}`];
  if (t.station !== id.station) return ['wrong-station', `a ballot of station ${shown(t.station)}`];
  if (t.style !== id.ballotStyle)
    return ['wrong-style', `a ballot of style ${shown(t.style)}, this station's is ${shown(id.ballotStyle)}`];
  return null;
}

function checkBmdChoices(env: CountEnv, t: BallotToken): string | null {
  const contests = styleContests(env);
  const got = (t.choices ?? []).map((c) => c.contest);
  if (got.length !== contests.length || got.some((c, i) => c !== contests[i]))
    return `its choices name contests ${shown(got.join(', '))}, the style has ${shown(contests.join(', '))}`;
  return null;
}

/**
 * Scans one QR code's text.
 * @throws {CountError} when counting is not open, or a hand-marked ballot still waits for marks
 */
export function scanBallot(env: CountEnv, worker: string, qrText: string): ScanResult {
  openSession(env);
  if (env.db.prepare('SELECT 1 FROM count_pending').get())
    throw new CountError('marks-pending', 'enter the marks of the ballot scanned before scanning another');
  let decoded;
  try {
    decoded = decodeBallotQr(qrText.trim());
  } catch (e) {
    if (e instanceof BallotQrError)
      return reject(env, worker, 'unreadable', `not a valid ballot code: ${e.message}`);
    throw e;
  }
  const t = decoded.token;
  const where = misplaced(env, t);
  if (where) return reject(env, worker, where[0], where[1]);
  const key = t.kind === 'blank' ? env.identity.printingKey : env.identity.stationKey;
  const signer = t.kind === 'blank' ? 'the election’s printing key' : 'this station’s key';
  if (!key) return reject(env, worker, 'counterfeit', `no ${signer} is registered to check it against`);
  if (!verifyBallotToken(decoded, key))
    return reject(env, worker, 'counterfeit', `its signature is not by ${signer}`);
  if (env.db.prepare('SELECT 1 FROM count_serials WHERE serial = ?').get(t.serial))
    return reject(env, worker, 'copied', `serial ${t.serial} was already counted`);
  if (t.kind === 'bmd') {
    const bad = checkBmdChoices(env, t);
    if (bad) return reject(env, worker, 'unreadable', bad);
    env.db.transaction(() => {
      env.db.prepare("INSERT INTO count_serials (serial, kind) VALUES (?, 'bmd')").run(t.serial);
      addChoices(
        env.db,
        t.choices!.map((c) => [c.contest, c.selected] as const),
      );
    })();
    return { status: 'counted', kind: 'bmd', serial: t.serial };
  }
  env.db.prepare('INSERT INTO count_pending (id, serial) VALUES (1, ?)').run(t.serial);
  return { status: 'marks-needed', serial: t.serial, contests: styleContests(env) };
}

/**
 * Enters the marks of the hand-marked ballot just scanned and counts it. Every contest of the
 * style must be given ([] for no mark); more marks than the limit are kept (an overvote).
 * @param marks contest label → option labels marked
 * @throws {CountError} no-pending, bad-marks (a contest missing or unknown, an unknown option)
 */
export function enterMarks(
  env: CountEnv,
  worker: string,
  marks: Readonly<Record<string, readonly string[]>>,
): void {
  openSession(env);
  const pending = env.db.prepare('SELECT serial FROM count_pending WHERE id = 1').get() as
    { serial: string } | undefined;
  if (!pending) throw new CountError('no-pending', 'no scanned hand-marked ballot is waiting for marks');
  const contests = styleContests(env);
  for (const c of Object.keys(marks))
    if (!contests.includes(c))
      throw new CountError('bad-marks', `contest "${c}" is not on this station's ballot`);
  const entries = contests.map((c) => {
    const m = marks[c];
    if (!m) throw new CountError('bad-marks', `contest "${c}": enter its marks ([] for none)`);
    const options = env.identity.manifest.contests.find((x) => x.label === c)!.options.map((o) => o.label);
    for (const l of m)
      if (!options.includes(l)) throw new CountError('bad-marks', `contest "${c}": no option "${l}"`);
    if (new Set(m).size !== m.length)
      throw new CountError('bad-marks', `contest "${c}": an option is named twice`);
    return [c, m] as const;
  });
  env.db.transaction(() => {
    env.db.prepare('DELETE FROM count_pending').run();
    env.db.prepare("INSERT INTO count_serials (serial, kind) VALUES (?, 'hand-marked')").run(pending.serial);
    addChoices(env.db, entries);
    env.deps.recordAction(env.db, { worker, action: 'count-marks', detail: 'a hand-marked ballot counted' });
  })();
}

/** Rejections so far, every reason present. */
export function rejectionCounts(env: CountEnv): Record<RejectReason, number> {
  ensureCountTables(env.db);
  const rows = env.db.prepare('SELECT reason, COUNT(*) AS n FROM count_rejections GROUP BY reason').all() as {
    reason: RejectReason;
    n: number;
  }[];
  const out = {
    counterfeit: 0,
    copied: 0,
    'wrong-election': 0,
    'wrong-station': 0,
    'wrong-style': 0,
    unreadable: 0,
  };
  for (const r of rows) out[r.reason] = r.n;
  return out;
}
