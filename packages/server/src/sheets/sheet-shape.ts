/**
 * Is a submitted tally sheet well formed (spec/stations.md §9, checks 5, 8 and 9)? The sheet comes as
 * JSON from a station or from assembled QR parts, so nothing about it is assumed: every member,
 * its type and range, then the numbers' internal consistency against the manifest. Each problem
 * names the field (`signed.sheet.…`) and says what is wrong.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import {
  REJECT_REASONS,
  SHEET_FORMAT,
  sheetContestLabels,
  type SheetProblem,
  type SignedTallySheet,
  type TallySheet,
} from '@evident/record';

type Json = Record<string, unknown>;

const HASH = /^[0-9A-F]{64}$/;
const SIGNATURE = /^[0-9A-Fa-f]{128}$/;
const KEY = /^[0-9A-Fa-f]{64}$/;
/** ISO 8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_TEXT = 2000;

const SHEET_KEYS = [
  'format',
  'electionId',
  'station',
  'sequence',
  'previousSheet',
  'correctionReason',
  'countingStart',
  'countingEnd',
  'clock',
  'checkIns',
  'ballots',
  'rejected',
  'reconciliation',
  'contests',
  'cvrCommitment',
  'countedBy',
] as const;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT;
const isInstant = (v: unknown): v is string =>
  typeof v === 'string' && INSTANT.test(v) && !Number.isNaN(Date.parse(v));

/** Exactly these members, else the first extra or missing one. */
function members(o: Json, keys: readonly string[], at: string): SheetProblem | undefined {
  for (const k of keys) if (!(k in o)) return { field: `${at}.${k}`, message: 'missing' };
  for (const k of Object.keys(o))
    if (!keys.includes(k)) return { field: `${at}.${k.slice(0, 64)}`, message: 'not a member of the format' };
  return undefined;
}

/** The envelope: `{sheet, signature, witnesses}` with hex signatures; the sheet an object. */
export function checkEnvelope(signed: unknown): SheetProblem | undefined {
  const at = 'signed';
  if (!isObj(signed)) return { field: at, message: 'expected an object {sheet, signature, witnesses}' };
  const m = members(signed, ['sheet', 'signature', 'witnesses'], at);
  if (m) return m;
  if (!isObj(signed.sheet)) return { field: `${at}.sheet`, message: 'expected an object' };
  if (typeof signed.signature !== 'string' || !SIGNATURE.test(signed.signature))
    return { field: `${at}.signature`, message: 'expected 128 hex digits (an Ed25519 signature)' };
  if (!Array.isArray(signed.witnesses) || signed.witnesses.length > 32)
    return { field: `${at}.witnesses`, message: 'expected an array of at most 32 co-signatures' };
  for (const [i, w] of signed.witnesses.entries()) {
    const wat = `${at}.witnesses[${i}]`;
    if (!isObj(w)) return { field: wat, message: 'expected {name, publicKey, signature}' };
    const wm = members(w, ['name', 'publicKey', 'signature'], wat);
    if (wm) return wm;
    if (!isText(w.name)) return { field: `${wat}.name`, message: 'expected a name' };
    if (typeof w.publicKey !== 'string' || !KEY.test(w.publicKey))
      return { field: `${wat}.publicKey`, message: 'expected 64 hex digits' };
    if (typeof w.signature !== 'string' || !SIGNATURE.test(w.signature))
      return { field: `${wat}.signature`, message: 'expected 128 hex digits' };
  }
  return undefined;
}

function checkClock(c: unknown, at: string): SheetProblem | undefined {
  if (!isObj(c)) return { field: at, message: 'expected {offsetMs, measuredAt, override}' };
  const m = members(c, ['offsetMs', 'measuredAt', 'override'], at);
  if (m) return m;
  if (c.offsetMs !== null && !Number.isSafeInteger(c.offsetMs))
    return { field: `${at}.offsetMs`, message: 'expected an integer or null' };
  if (c.measuredAt !== null && !isInstant(c.measuredAt))
    return { field: `${at}.measuredAt`, message: 'expected an ISO 8601 UTC instant or null' };
  if ((c.offsetMs === null) !== (c.measuredAt === null))
    return { field: `${at}.measuredAt`, message: 'null exactly when offsetMs is null' };
  if (c.override !== null) {
    const o = c.override;
    if (!isObj(o) || members(o, ['by', 'reason'], `${at}.override`))
      return { field: `${at}.override`, message: 'expected {by, reason} or null' };
    if (!Array.isArray(o.by) || o.by.length < 2 || !o.by.every(isText) || new Set(o.by).size !== o.by.length)
      return { field: `${at}.override.by`, message: 'an override names at least two different poll workers' };
    if (!isText(o.reason))
      return { field: `${at}.override.reason`, message: 'an override states its reason' };
  }
  return undefined;
}

/** The sheet's members, types and ranges (check 8). */
function checkMembers(s: Json): SheetProblem | undefined {
  const at = 'signed.sheet';
  const m = members(s, SHEET_KEYS, at);
  if (m) return m;
  if (s.format !== SHEET_FORMAT) return { field: `${at}.format`, message: `expected "${SHEET_FORMAT}"` };
  if (!isText(s.electionId)) return { field: `${at}.electionId`, message: 'expected a string' };
  if (!isText(s.station)) return { field: `${at}.station`, message: 'expected a string' };
  if (!Number.isSafeInteger(s.sequence) || (s.sequence as number) < 1)
    return { field: `${at}.sequence`, message: 'expected an integer ≥ 1' };
  const first = s.sequence === 1;
  if (first ? s.previousSheet !== null : typeof s.previousSheet !== 'string' || !HASH.test(s.previousSheet))
    return {
      field: `${at}.previousSheet`,
      message: first ? 'null for sequence 1' : 'the corrected sheet’s hash (64 upper-case hex digits)',
    };
  if (first ? s.correctionReason !== null : !isText(s.correctionReason))
    return {
      field: `${at}.correctionReason`,
      message: first ? 'null for sequence 1' : 'a correction states its reason',
    };
  if (!isInstant(s.countingStart))
    return { field: `${at}.countingStart`, message: 'expected an ISO 8601 UTC instant with ms' };
  if (!isInstant(s.countingEnd) || Date.parse(s.countingEnd) < Date.parse(s.countingStart))
    return {
      field: `${at}.countingEnd`,
      message: 'expected an ISO 8601 UTC instant, not before countingStart',
    };
  const clock = checkClock(s.clock, `${at}.clock`);
  if (clock) return clock;
  if (!isCount(s.checkIns)) return { field: `${at}.checkIns`, message: 'expected a non-negative integer' };
  const b = s.ballots;
  if (
    !isObj(b) ||
    members(b, ['bmd', 'handMarked'], `${at}.ballots`) ||
    !isCount(b.bmd) ||
    !isCount(b.handMarked)
  )
    return { field: `${at}.ballots`, message: 'expected {bmd, handMarked}, non-negative integers' };
  const r = s.rejected;
  if (!isObj(r)) return { field: `${at}.rejected`, message: 'expected a count for every reason' };
  const rm = members(r, REJECT_REASONS, `${at}.rejected`);
  if (rm) return rm;
  for (const k of REJECT_REASONS)
    if (!isCount(r[k])) return { field: `${at}.rejected.${k}`, message: 'expected a non-negative integer' };
  if (s.reconciliation !== null && !isText(s.reconciliation))
    return { field: `${at}.reconciliation`, message: 'expected an explanation or null' };
  if (!Array.isArray(s.contests) || s.contests.length > 1024)
    return { field: `${at}.contests`, message: 'expected an array' };
  for (const [i, c] of s.contests.entries()) {
    const cat = `${at}.contests[${i}]`;
    if (!isObj(c)) return { field: cat, message: 'expected {contest, counts, blank, overvoted}' };
    const cm = members(c, ['contest', 'counts', 'blank', 'overvoted'], cat);
    if (cm) return cm;
    if (typeof c.contest !== 'string')
      return { field: `${cat}.contest`, message: 'expected a contest label' };
    if (!Array.isArray(c.counts) || !c.counts.every(isCount))
      return { field: `${cat}.counts`, message: 'expected non-negative integers' };
    if (!isCount(c.blank)) return { field: `${cat}.blank`, message: 'expected a non-negative integer' };
    if (!isCount(c.overvoted))
      return { field: `${cat}.overvoted`, message: 'expected a non-negative integer' };
  }
  if (typeof s.cvrCommitment !== 'string' || !HASH.test(s.cvrCommitment))
    return { field: `${at}.cvrCommitment`, message: 'expected 64 upper-case hex digits' };
  if (
    !Array.isArray(s.countedBy) ||
    s.countedBy.length === 0 ||
    s.countedBy.length > 64 ||
    !s.countedBy.every(isText)
  )
    return { field: `${at}.countedBy`, message: 'expected the names of the poll workers who counted' };
  return undefined;
}

/** Ballots counted on a sheet. */
export const ballotsOf = (s: TallySheet): number => s.ballots.bmd + s.ballots.handMarked;

/**
 * The numbers against the manifest and each other (check 9): the station style's contests in
 * order, one count per option, blank + overvoted ≤ ballots, each option ≤ the contest's valid
 * ballots, valid ≤ Σcounts ≤ voteLimit × valid, a reconciliation note exactly when check-ins ≠ ballots.
 */
function checkNumbers(manifest: Manifest, s: TallySheet): SheetProblem | undefined {
  const at = 'signed.sheet';
  const labels = sheetContestLabels(manifest, s.station) ?? [];
  if (s.contests.length !== labels.length || s.contests.some((c, i) => c.contest !== labels[i]))
    return {
      field: `${at}.contests`,
      message: `expected the station style's contests in order: ${labels.join(', ')}`,
    };
  const ballots = ballotsOf(s);
  for (const [i, c] of s.contests.entries()) {
    const cat = `${at}.contests[${i}]`;
    const m = manifest.contests.find((x) => x.label === c.contest)!;
    if (c.counts.length !== m.options.length)
      return { field: `${cat}.counts`, message: `expected ${m.options.length} counts, one per option` };
    if (c.blank + c.overvoted > ballots)
      return {
        field: `${cat}.overvoted`,
        message: `blank + overvoted exceeds the ${ballots} ballots counted`,
      };
    const valid = ballots - c.blank - c.overvoted;
    const j = c.counts.findIndex((n) => n > valid);
    if (j >= 0)
      return {
        field: `${cat}.counts[${j}]`,
        message: `more votes than the contest's ${valid} valid ballots`,
      };
    const sum = c.counts.reduce((a, n) => a + n, 0);
    if (sum > m.voteLimit * valid)
      return {
        field: `${cat}.counts`,
        message: `${sum} votes exceed the vote limit ${m.voteLimit} × ${valid} valid ballots`,
      };
    if (sum < valid)
      return {
        field: `${cat}.counts`,
        message: `${sum} votes for ${valid} ballots neither blank nor overvoted`,
      };
  }
  if ((s.reconciliation !== null) !== (s.checkIns !== ballots))
    return {
      field: `${at}.reconciliation`,
      message:
        s.checkIns !== ballots
          ? `${s.checkIns} check-ins but ${ballots} ballots: the difference must be explained`
          : 'no difference to explain: expected null',
    };
  return undefined;
}

/** Checks 8 and 9 on a sheet whose envelope passed {@link checkEnvelope}. */
export function checkSheet(manifest: Manifest, signed: SignedTallySheet): SheetProblem | undefined {
  return checkMembers(signed.sheet as unknown as Json) ?? checkNumbers(manifest, signed.sheet);
}
