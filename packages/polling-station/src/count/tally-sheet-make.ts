/**
 * Making, signing and queueing the station's tally sheet (spec/stations.md §6, §7): the contest
 * totals are recomputed from the CVRs (so sheet totals = CVRs by construction), the sheet commits
 * to them, the station key signs, witnesses may co-sign, and the submission `{signed, cvrs}`
 * waits in the outbox. A correction has the next sequence, names the sheet it corrects and why.
 * @module
 */
import { paperPublicKey, toHex } from '@evident/e2e-crypto';
import {
  type SignedTallySheet,
  type StationCvrs,
  type TallySheet,
  SHEET_FORMAT,
  checkTallySheet,
  contestsFromCvrs,
  cosignTallySheet,
  cvrCommitment,
  sheetHash,
  signTallySheet,
} from '@evident/record';
import { stationCvrs } from './choice-multiset.js';
import { CountError } from './count-error.js';
import { ensureCountTables } from './count-tables.js';
import { countSession, countedBallots, reconciliation } from './counting-session.js';
import { rejectionCounts, styleContests } from './scan-ballot.js';
import type { CountEnv } from './station-env.js';

/** A witness who co-signs: name and Ed25519 seed. */
export interface Witness {
  readonly name: string;
  readonly secretKey: Uint8Array;
}

/** A sheet as kept by the station. */
export interface MadeSheet {
  readonly sequence: number;
  readonly sheetHash: string;
  readonly signed: SignedTallySheet;
  readonly cvrs: StationCvrs;
}

/** The station's sheets, oldest first. */
export function stationSheets(env: CountEnv): MadeSheet[] {
  ensureCountTables(env.db);
  const rows = env.db.prepare('SELECT * FROM count_sheets ORDER BY sequence').all() as {
    sequence: number;
    sheet_hash: string;
    signed: string;
    cvrs: string;
  }[];
  return rows.map((r) => ({
    sequence: r.sequence,
    sheetHash: r.sheet_hash,
    signed: JSON.parse(r.signed) as SignedTallySheet,
    cvrs: JSON.parse(r.cvrs) as StationCvrs,
  }));
}

/** The sheet of the finished count (unsigned), and its CVRs. */
export function buildSheet(
  env: CountEnv,
  correction: { previousSheet: string; reason: string; sequence: number } | null,
): { sheet: TallySheet; cvrs: StationCvrs } {
  const s = countSession(env);
  if (!s) throw new CountError('not-started', 'counting has not started');
  if (s.finishedAt === null)
    throw new CountError('not-finished', 'finish counting (reconciliation) before the sheet');
  const { manifest, electionId, station } = env.identity;
  const cvrs = stationCvrs(env.db, manifest, styleContests(env));
  const sheet: TallySheet = {
    format: SHEET_FORMAT,
    electionId,
    station,
    sequence: correction?.sequence ?? 1,
    previousSheet: correction?.previousSheet ?? null,
    correctionReason: correction?.reason ?? null,
    countingStart: new Date(s.startedAt).toISOString(),
    countingEnd: new Date(s.finishedAt).toISOString(),
    clock: s.clock,
    // the count the reconciliation compared when counting ended, so that its note and it agree
    checkIns: s.checkIns ?? reconciliation(env).checkIns,
    ballots: countedBallots(env),
    rejected: rejectionCounts(env),
    reconciliation: s.reconciliation,
    contests: contestsFromCvrs(manifest, cvrs),
    cvrCommitment: cvrCommitment(cvrs),
    countedBy: s.countedBy,
  };
  return { sheet, cvrs };
}

function signAndQueue(
  env: CountEnv,
  worker: string,
  built: { sheet: TallySheet; cvrs: StationCvrs },
  stationSecretKey: Uint8Array,
  witnesses: readonly Witness[],
): MadeSheet {
  const pub = toHex(paperPublicKey(stationSecretKey));
  if (env.identity.stationKey && env.identity.stationKey.toUpperCase() !== pub)
    throw new CountError(
      'no-station-key',
      'the station key does not match the key registered for this station',
    );
  // the rule list the server and the verifier apply: a station signs no sheet they would refuse
  const [problem] = checkTallySheet(built.sheet, env.identity.manifest);
  if (problem)
    throw new CountError(
      'invalid-sheet',
      `the sheet is not consistent: ${problem.field}: ${problem.message}`,
    );
  let signed = signTallySheet(built.sheet, stationSecretKey);
  for (const w of witnesses)
    signed = cosignTallySheet(signed, w.name, w.secretKey, toHex(paperPublicKey(w.secretKey)));
  const hash = sheetHash(built.sheet);
  const { electionId, station } = env.identity;
  env.db.transaction(() => {
    env.db
      .prepare(
        'INSERT INTO count_sheets (sequence, sheet_hash, signed, cvrs, made_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(built.sheet.sequence, hash, JSON.stringify(signed), JSON.stringify(built.cvrs), env.now());
    env.deps.enqueue(env.db, {
      kind: 'tally-sheet',
      method: 'POST',
      path: `/elections/${encodeURIComponent(electionId)}/stations/${encodeURIComponent(station)}/sheets`,
      body: { signed, cvrs: built.cvrs },
    });
    env.deps.recordAction(env.db, {
      worker,
      action: 'sheet-sign',
      detail: `sequence ${built.sheet.sequence} ${hash}`,
    });
  })();
  return { sequence: built.sheet.sequence, sheetHash: hash, signed, cvrs: built.cvrs };
}

/**
 * Makes, signs and queues the first sheet.
 * @throws {CountError} not-started, not-finished, sheet-exists (use {@link correctSheet}), no-station-key,
 *   invalid-sheet (a rule of `checkTallySheet` fails: nothing signed)
 */
export function makeSheet(
  env: CountEnv,
  worker: string,
  stationSecretKey: Uint8Array,
  witnesses: readonly Witness[] = [],
): MadeSheet {
  if (stationSheets(env).length > 0)
    throw new CountError('sheet-exists', 'a sheet is already signed: make a correction');
  return signAndQueue(env, worker, buildSheet(env, null), stationSecretKey, witnesses);
}

/**
 * Makes, signs and queues a corrected sheet: sequence + 1, naming the last sheet and the reason.
 * @throws {CountError} no-sheet, not-finished, no-reason, no-station-key, invalid-sheet
 */
export function correctSheet(
  env: CountEnv,
  worker: string,
  stationSecretKey: Uint8Array,
  reason: string,
  witnesses: readonly Witness[] = [],
): MadeSheet {
  const last = stationSheets(env).at(-1);
  if (!last) throw new CountError('no-sheet', 'no sheet to correct: make the first sheet');
  if (reason.trim() === '') throw new CountError('no-reason', 'a correction needs a reason');
  const built = buildSheet(env, {
    previousSheet: last.sheetHash,
    reason: reason.trim(),
    sequence: last.sequence + 1,
  });
  return signAndQueue(env, worker, built, stationSecretKey, witnesses);
}
